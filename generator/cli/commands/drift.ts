import { existsSync, statSync } from 'node:fs';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { formatDiagnostic, UsageError } from '../../diagnostics.js';
import { driftReport, renderDriftJson, renderDriftText } from '../../drift/report.js';
import { DEFAULTS } from '../../options.js';
import type { ActionSpec } from '../../spec/model.js';
import { readSpecDir } from '../../spec/io.js';

const NAME = 'drift';

export const command: Command = {
  name: NAME,
  summary:
    'Reads drift logs (SCLOUD_DRIFT_LOG files, from any number of runs and machines), groups the records by action, path and kind with counts and first/last seen, names the doc page and table row to fix (file:line with --docs), and with --write-overrides writes overlay stubs for review.',
  usage: 'scloud-gen drift <log-files...> [--spec <dir>] [--docs <dir>] [--write-overrides <dir>] [--json]',
  async run(argv) {
    const args = parseArgs(NAME, argv, {
      spec: { kind: 'string' },
      docs: { kind: 'string' },
      'write-overrides': { kind: 'string' },
      json: { kind: 'boolean', default: false },
    });
    const files = args.positionals;
    if (files.length === 0) throw new UsageError('scloud-gen drift: no drift log given; pass the files SCLOUD_DRIFT_LOG wrote: scloud-gen drift drift-*.jsonl');
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) throw new UsageError(`scloud-gen drift: '${f}' is not a file; pass the files SCLOUD_DRIFT_LOG wrote`);
    }
    const docs = args.flags.docs as string | undefined;
    if (docs !== undefined && (!existsSync(docs) || !statSync(docs).isDirectory()))
      throw new UsageError(`scloud-gen drift: --docs '${docs}' is not a folder; pass the docs folder the spec was parsed from`);
    const out = args.flags['write-overrides'] as string | undefined;
    if (out !== undefined && existsSync(out) && !statSync(out).isDirectory())
      throw new UsageError(`scloud-gen drift: --write-overrides '${out}' is a file; pass the overlay folder (spec/overrides)`);
    const specs = await loadSpecs(args.flags.spec as string | undefined);
    if (out !== undefined && specs === undefined)
      throw new UsageError(`scloud-gen drift: --write-overrides needs the spec to know each row; pass --spec <dir> (${DEFAULTS.specDir} does not exist here)`);
    const report = await driftReport(files, {
      ...(specs === undefined ? {} : { specs }),
      ...(docs === undefined ? {} : { docsDir: docs }),
      ...(out === undefined ? {} : { overridesDir: out }),
    });
    process.stdout.write(args.flags.json === true ? renderDriftJson(report) : renderDriftText(report));
    return 0;
  },
};

/** The spec dir given, else the default one when it exists (else no spec: rows are not named). */
async function loadSpecs(dir: string | undefined): Promise<ActionSpec[] | undefined> {
  const path = dir ?? DEFAULTS.specDir;
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    if (dir !== undefined) throw new UsageError(`scloud-gen drift: --spec '${dir}' is not a folder; pass the spec dir the client was generated from`);
    return undefined;
  }
  const { specs, diagnostics } = await readSpecDir(path);
  for (const d of diagnostics) if (d.severity === 'error') process.stderr.write(`${formatDiagnostic(d)}\n`);
  return specs;
}
