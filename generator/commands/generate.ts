/** `scloud-gen generate --spec <dir> --out <dir> [--runtime <dir>] [--no-cache]`: YAML spec -> TypeScript client. */
import { existsSync, statSync } from 'node:fs';
import type { Command } from '../cli.js';
import { parseArgs, requireString } from '../args.js';
import { UsageError } from '../diagnostics.js';
import { runSession } from '../build/session.js';
import { DEFAULTS } from '../options.js';
import { runtimeFlag } from './build.js';

const FLAGS = {
  spec: { kind: 'string', default: DEFAULTS.specDir },
  out: { kind: 'string', default: DEFAULTS.outDir },
  runtime: { kind: 'string' },
  'no-cache': { kind: 'boolean', default: false },
  'allow-mass-removal': { kind: 'boolean', default: false },
  threads: { kind: 'number' },
} as const;

export const command: Command = {
  name: 'generate',
  summary: 'Generate the typed TypeScript client (one folder per product, one async function per action) from the YAML spec.',
  usage: 'scloud-gen generate --spec <dir> --out <dir> [--runtime <dir>] [--no-cache] [--allow-mass-removal] [--threads <n>]',
  async run(argv) {
    const args = parseArgs('generate', argv, FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen generate: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help generate'`);
    const spec = requireString('generate', args, 'spec');
    requireFolder('generate', 'spec', spec, 'point it at a folder of <product>/<Action>.yaml files (scloud-gen parse writes one)');
    const threads = args.flags.threads;
    const r = await runSession({
      command: 'generate', docs: spec, spec, out: requireString('generate', args, 'out'), runtime: runtimeFlag('generate', args.flags.runtime),
      docsBaseUrl: DEFAULTS.docsBaseUrl, cache: args.flags['no-cache'] !== true, allowMassRemoval: args.flags['allow-mass-removal'] === true,
      ...(typeof threads === 'number' ? { threads } : {}),
    });
    return r.exitCode;
  },
};

export function requireFolder(command: string, flag: string, dir: string, hint: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`scloud-gen ${command}: --${flag} '${dir}' is not a folder; ${hint}`);
}
