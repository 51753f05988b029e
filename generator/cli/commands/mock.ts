import { existsSync } from 'node:fs';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatDiagnostic, sortDiagnostics, UsageError } from '../../diagnostics.js';
import { DOCUMENTED_TEST_KEYS, servedCount, type KeyPair } from '../../mock/handler.js';
import { describeShared, unusedPreferences } from '../../mock/routing.js';
import { startMockServer } from '../../mock/server.js';
import { DEFAULTS } from '../../options.js';
import { readSpecDir } from '../../spec/io.js';

const NAME = 'mock';

export const command: Command = {
  name: NAME,
  summary: 'Local HTTP server that speaks the API from the spec: checks signature and required params, answers with the documented examples.',
  usage: `scloud-gen mock [--spec <dir>] [--port <n>] [--host ${DEFAULTS.mockHost}] [--public-key <k> --private-key <k>] [--prefer <product>[,...]]`,
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      spec: { kind: 'string', default: DEFAULTS.specDir },
      port: { kind: 'number', default: 0 },
      host: { kind: 'string', default: DEFAULTS.mockHost },
      'public-key': { kind: 'string' },
      'private-key': { kind: 'string' },
      prefer: { kind: 'string' },
    });
    const dir = args.flags.spec as string;
    const port = args.flags.port as number;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`scloud-gen mock: --port takes 0-65535, got ${port}`);
    if (!existsSync(dir)) throw new UsageError(`scloud-gen mock: spec dir '${dir}' does not exist; run 'scloud-gen parse' first or pass --spec <dir>`);
    const keys = keysFrom(args.flags['public-key'], args.flags['private-key']);
    if (argv.filter((a) => a === '--prefer' || a.startsWith('--prefer=')).length > 1) {
      throw new UsageError('scloud-gen mock: --prefer is given twice; pass it once with a comma list: --prefer vpc,ussl');
    }
    const prefer = preferList(args.flags.prefer);
    const { specs, diagnostics } = await readSpecDir(dir);
    for (const d of sortDiagnostics(diagnostics)) process.stderr.write(`${formatDiagnostic(d)} (file skipped)\n`);
    if (specs.length === 0) throw new UsageError(`scloud-gen mock: no valid spec files under '${dir}'; nothing to serve`);

    const server = await startMockServer({
      specs,
      port,
      host: args.flags.host as string,
      keys: [keys],
      prefer,
      log: (line) => process.stdout.write(line + '\n'),
    });
    const keyNote = keys === DOCUMENTED_TEST_KEYS ? 'the documented test keys' : `public key ${keys.publicKey}`;
    const start = [
      `${servedCount(server.routing)} from ${dir} on ${server.url} (accepting ${keyNote}); Ctrl-C stops`,
      ...describeShared(server.routing),
      ...unusedPreferences(server.routing, prefer).map((p) => `--prefer ${p}: ${p} shares no action name with another product; it changes nothing`),
    ];
    process.stdout.write(start.map((l) => `scloud-gen mock: ${l}\n`).join(''));
    return await untilSignal(() => server.close());
  },
};

/** `--prefer vpc,ussl` -> ['vpc', 'ussl']; an empty list is a usage error (product names are checked by routeActions). */
function preferList(value: string | boolean | number | undefined): string[] {
  if (value === undefined) return [];
  const list = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0) throw new UsageError('scloud-gen mock: --prefer needs at least one product, e.g. --prefer vpc,ussl');
  return list;
}

/** Both keys or neither; the private key may come from SCLOUD_PRIVATE_KEY to keep it off the command line. */
function keysFrom(publicKey: unknown, privateKey: unknown): KeyPair {
  const priv = typeof privateKey === 'string' ? privateKey : process.env.SCLOUD_PRIVATE_KEY;
  if (typeof publicKey !== 'string') {
    if (typeof privateKey === 'string') throw new UsageError('scloud-gen mock: --private-key needs --public-key too');
    return DOCUMENTED_TEST_KEYS;
  }
  if (priv === undefined || priv === '') {
    throw new UsageError('scloud-gen mock: --public-key needs --private-key <k> (or SCLOUD_PRIVATE_KEY in the environment)');
  }
  return { publicKey, privateKey: priv };
}

function untilSignal(close: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`scloud-gen mock: ${signal}, stopping\n`);
      void close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
