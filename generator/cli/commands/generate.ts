/** `scloud-gen generate --spec <dir> --out <dir> [--runtime <dir>] [--no-cache]`: YAML spec -> TypeScript client. */
import type { Command } from '../command.js';
import { parseArgs, requireString } from '../args.js';
import { UsageError } from '../../diagnostics.js';
import { DEFAULTS } from '../../options.js';
import { requireFolder, runtimeFlag } from '../run-options.js';
import { computeRun, discardStages, withRun, type RunOptions, type RunResult } from '../run.js';
import { count, printDiagnostics } from '../summary.js';
import { commitAndReport } from './build.js';

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
    const r = await generate({
      command: 'generate',
      docs: spec,
      spec,
      out: requireString('generate', args, 'out'),
      runtime: runtimeFlag('generate', args.flags.runtime),
      docsBaseUrl: DEFAULTS.docsBaseUrl,
      cache: args.flags['no-cache'] !== true,
      allowMassRemoval: args.flags['allow-mass-removal'] === true,
      ...(typeof threads === 'number' ? { threads } : {}),
    });
    return r.exitCode;
  },
};

/**
 * Spec -> client. Invalid spec files are errors and nothing is written (a client without some of its actions would
 * look complete); otherwise as build: commit and report.
 */
export async function generate(o: RunOptions): Promise<RunResult> {
  return withRun(o, async (run) => {
    const { build, plans } = await computeRun(run);
    const errors = count(build.diagnostics, 'error');
    if (errors === 0) return commitAndReport(run, build, plans);
    discardStages(plans);
    printDiagnostics(build.diagnostics.filter((d) => d.severity === 'error'));
    process.stderr.write(`generate: ${errors} spec files are invalid; nothing written. Fix them (or re-run scloud-gen parse) and try again.\n`);
    return { exitCode: 1, build, plans, notes: run.notes };
  });
}
