/**
 * `scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>]`: rebuild docs -> spec -> client in memory and
 * list every stale, missing, extra or stray file; exit 1 when anything differs (CI runs it). Writes nothing
 * (but completes an interrupted run's commit, as every command does).
 */
import { existsSync } from 'node:fs';
import type { Command } from '../cli.js';
import { parseArgs } from '../args.js';
import { UsageError } from '../diagnostics.js';
import { runSession } from '../build/session.js';
import { REPORT_USAGE } from '../report/report.js';
import { BUILD_FLAGS, sessionOptions } from './build.js';

const { 'allow-mass-removal': _unused, ...CHECK_FLAGS } = BUILD_FLAGS;

export const command: Command = {
  name: 'check',
  summary: 'Rebuild spec/ and generated/ in memory and fail (exit 1) listing every stale, missing, extra or stray file.',
  usage: `scloud-gen check [--docs <dir>] [--spec <dir>] [--out <dir>] [--overrides <dir>] [--docs-base-url <url>] [--runtime <dir>] [--no-cache] [--threads <n>] ${REPORT_USAGE}`,
  async run(argv) {
    const args = parseArgs('check', argv, CHECK_FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen check: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help check'`);
    const o = sessionOptions('check', args, argv);
    if (existsSync(o.docs)) return (await runSession(o)).exitCode;
    process.stderr.write(`check: no docs folder '${o.docs}'; checking ${o.out ?? ''} against ${o.spec} only\n`);
    return (await runSession({ ...o, source: 'spec' })).exitCode;
  },
};
