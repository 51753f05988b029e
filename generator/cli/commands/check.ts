/**
 * `scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>]`: rebuild docs -> spec -> client in memory and
 * list every stale, missing, extra or stray file; exit 1 when anything differs (CI runs it). Writes nothing
 * (but completes an interrupted run's commit, as every command does).
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../../diagnostics.js';
import { DEFAULTS } from '../../options.js';
import { REPORT_USAGE } from '../../report/diagnostics-report.js';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { BUILD_FLAGS, runOptions } from '../run-options.js';
import { compareRun, computeRun, printReport, withRun, type RunOptions, type RunResult } from '../run.js';
import { count, printLines, summaryLine } from '../summary.js';

const { 'allow-mass-removal': _unused, ...CHECK_FLAGS } = BUILD_FLAGS;

export const command: Command = {
  name: 'check',
  summary: 'Rebuild spec/ and generated/ in memory and fail (exit 1) listing every stale, missing, extra or stray file.',
  usage: `scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>] [--overrides <dir>] [--docs-base-url <url>] [--runtime <dir>] [--no-cache] [--threads <n>] ${REPORT_USAGE}`,
  async run(argv) {
    const args = parseArgs('check', argv, CHECK_FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen check: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help check'`);
    const o = runOptions('check', args, argv);
    if (existsSync(o.docs)) return (await check(o)).exitCode;
    process.stderr.write(`check: no docs folder '${o.docs}'; checking ${o.out ?? ''} against ${o.spec} only\n`);
    return (await check({ ...o, source: 'spec' })).exitCode;
  },
};

/** Compute, compare with the folders, report. */
export async function check(o: RunOptions): Promise<RunResult> {
  return withRun(o, async (run) => {
    const { build, plans } = await computeRun(run);
    const problems = await compareRun(run, build, plans);
    const report = await printReport(o, build);
    printLines(run.notes);
    for (const p of problems) process.stdout.write(`${p}\n`);
    const unchanged = plans.reduce((n, p) => n + p.unchanged, 0);
    const errors = count(build.diagnostics, 'error');
    process.stderr.write(
      summaryLine({
        command: 'check',
        actions: build.actions,
        written: 0,
        unchanged,
        warnings: count(build.diagnostics, 'warning'),
        errors,
        started: run.started,
      }),
    );
    if (problems.length > 0) process.stderr.write(`check: ${problems.length} files out of date; run \`${DEFAULTS.regenerateCommand}\` and commit the result\n`);
    return { exitCode: problems.length > 0 || errors > 0 ? 1 : report.exitCode, build, plans, notes: run.notes };
  });
}
