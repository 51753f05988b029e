/**
 * Flat text of a report for commands that print `path:line:col severity code message` lines (check, build):
 * the shown findings with repeated codes folded (generator/report/code-group.ts), then the notes.
 */
import { formatDiagnostic } from '../diagnostics.js';
import type { ReportOptions } from './report-flags.js';
import { foldOptions, formatGroup, groupRepeated } from './code-group.js';
import type { ReportOutcome } from './diagnostics-report.js';

export interface FormatOptions {
  /** Print info findings too (build and check leave them out, as printDiagnostics does); default false. */
  info?: boolean;
}

/** Lines to print (no trailing newlines): findings one by one, folded blocks, then the report's notes. */
export function formatReport(outcome: ReportOutcome, options: ReportOptions, format: FormatOptions = {}): string[] {
  const list = format.info === true ? outcome.shown : outcome.shown.filter((d) => d.severity !== 'info');
  const fold = foldOptions(options);
  const { singles, groups } = fold === false ? { singles: list, groups: [] } : groupRepeated(list, fold);
  return [...singles.map(formatDiagnostic), ...groups.flatMap(formatGroup), ...outcome.notes];
}
