/** `scloud-gen build --docs <dir> --spec <dir> --out <dir>`: parse + generate (what `npm run generate` runs). */
import { UsageError } from '../../diagnostics.js';
import { REPORT_USAGE } from '../../report/diagnostics-report.js';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { BUILD_FLAGS, runOptions } from '../run-options.js';
import type { BuildOutput } from '../../engine/compute-build.js';
import type { TreePlan } from '../../fs/tree-plan.js';
import { commitRun, computeRun, printReport, withRun, type Run, type RunOptions, type RunResult } from '../run.js';
import { count, keptNotes, printLines, summaryLine } from '../summary.js';

export const command: Command = {
  name: 'build',
  summary: 'Parse the Markdown reference into the YAML spec, then generate the TypeScript client from it (parse + generate).',
  usage: `scloud-gen build --docs <dir> --spec <dir> --out <dir> [--overrides <dir>] [--docs-base-url <url>] [--runtime <dir>] [--no-cache] [--allow-mass-removal] [--threads <n>] ${REPORT_USAGE}`,
  async run(argv) {
    const args = parseArgs('build', argv, BUILD_FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen build: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help build'`);
    return (await build(runOptions('build', args, argv))).exitCode;
  },
};

/** Docs -> spec and client: compute, commit, report. Also what `parse` runs (no client, `quiet`). */
export async function build(o: RunOptions): Promise<RunResult> {
  return withRun(o, async (run) => {
    const { build, plans } = await computeRun(run);
    return commitAndReport(run, build, plans);
  });
}

/** The end of every run that writes: commit, the notes on kept files, the report and the summary line. */
export async function commitAndReport(run: Run, build: BuildOutput, plans: TreePlan[]): Promise<RunResult> {
  const o = run.o;
  const written = await commitRun(run, build, plans);
  printLines([...run.notes, ...build.notes.map((n) => `scloud-gen ${o.command}: ${n}`), ...plans.flatMap(keptNotes)]);
  const errors = count(build.diagnostics, 'error');
  if (o.quiet === true) return { exitCode: errors > 0 ? 1 : 0, build, plans, notes: run.notes };
  const report = await printReport(o, build);
  const label = o.command === 'generate' ? o.command : `${o.command} (${build.pages} pages)`;
  process.stderr.write(
    summaryLine({ command: label, actions: build.actions, ...written, warnings: count(build.diagnostics, 'warning'), errors, started: run.started }),
  );
  return { exitCode: errors > 0 ? 1 : report.exitCode, build, plans, notes: run.notes };
}
