/**
 * The one call a command makes on its diagnostics to honour the reporting flags (generator/report/report-flags.ts):
 * reads or writes the baseline, selects what to show and count, and says in a few summary lines what was
 * left out and why.
 *
 *   const args = parseArgs('check', argv, { ...BUILD_FLAGS, ...REPORT_FLAGS });
 *   const options = reportOptionsFrom('check', args.flags, argv);
 *   const report = await reportDiagnostics(diagnostics, options, { command: 'check', roots: [docs] });
 *   for (const line of formatReport(report, options)) process.stderr.write(`${line}\n`);   // report/text.ts
 *   return Math.max(ownVerdict, report.exitCode);
 */
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../diagnostics.js';
import { baselineFrom, readBaseline, writeBaseline, type BaselineEntry } from './baseline.js';
import type { ReportOptions } from './report-flags.js';
import { selectDiagnostics, type Selection } from './select.js';

export { REPORT_FLAGS, REPORT_USAGE, reportOptionsFrom, type ReportOptions } from './report-flags.js';
export type { Selection } from './select.js';

export interface ReportContext {
  /** Command name for messages (`lint`, `check`). */
  command: string;
  /** Docs dirs the diagnostics' files are under (baseline paths and products are taken relative to them). */
  roots: readonly string[];
  /** Product ids the run read; when given, an unknown --product is a usage error listing them. */
  knownProducts?: readonly string[];
}

export interface ReportOutcome extends Selection {
  /** Summary lines for the end of the output (stale baseline, what was hidden, --max-warnings, unmatched filters). */
  notes: string[];
  /** Number of findings --write-baseline wrote (absent without it). */
  written?: number;
}

/**
 * Honour `options` on `diagnostics` (sorted). With --write-baseline the current findings (after the rule and
 * product filters, every severity) are written and then count as known, so that run shows none of them.
 */
export async function reportDiagnostics(diagnostics: readonly Diagnostic[], options: ReportOptions, ctx: ReportContext): Promise<ReportOutcome> {
  checkProducts(options, ctx);
  let baseline: BaselineEntry[] | undefined;
  let written: number | undefined;
  if (options.baseline !== undefined) baseline = await readBaseline(options.baseline);
  if (options.writeBaseline !== undefined) {
    const scope = selectDiagnostics(diagnostics, { quiet: false, ...pick(options) }, ctx.roots);
    baseline = baselineFrom(scope.counted, ctx.roots);
    await writeBaseline(options.writeBaseline, baseline);
    written = scope.counted.length;
  }
  const selection = selectDiagnostics(diagnostics, options, ctx.roots, baseline);
  return { ...selection, notes: reportNotes(selection, options, written), ...(written !== undefined ? { written } : {}) };
}

/** The summary lines for a selection: one line per thing the reader should know, none when nothing was left out. */
export function reportNotes(s: Selection, options: ReportOptions, written?: number): string[] {
  const notes: string[] = [];
  const file = options.baseline ?? options.writeBaseline;
  if (written !== undefined)
    notes.push(`baseline: wrote ${written} finding${plural(written)} to ${file}; later runs with --baseline ${file} report only new ones`);
  const parts: string[] = [];
  if (s.hidden.baseline > 0 && written === undefined) parts.push(`${s.hidden.baseline} known (in ${file})`);
  if (s.hidden.rule > 0) parts.push(`${s.hidden.rule} by --rule/--ignore-rule`);
  if (s.hidden.product > 0) parts.push(`${s.hidden.product} by --product`);
  if (s.hidden.quiet > 0) parts.push(`${s.hidden.quiet} warnings/info by --quiet (still counted)`);
  if (parts.length > 0) notes.push(`not shown: ${parts.join(', ')}`);
  const stale = (s.stale ?? []).reduce((n, e) => n + e.count, 0);
  if (stale > 0) {
    notes.push(
      `baseline: ${stale} known finding${plural(stale)} in ${file} no longer occur${stale === 1 ? 's' : ''} (stale); refresh the file with --write-baseline ${file}`,
    );
  }
  if (options.maxWarnings !== undefined && s.totals.warning > options.maxWarnings) {
    notes.push(`${s.totals.warning} warnings, more than --max-warnings ${options.maxWarnings}: failing`);
  }
  for (const code of s.unmatched.rules) notes.push(`--rule ${code}: no finding with this code in this run (if that is unexpected, check the spelling)`);
  for (const p of s.unmatched.products) notes.push(`--product ${p}: no finding in this product`);
  return notes;
}

function checkProducts(options: ReportOptions, ctx: ReportContext): void {
  if (options.products === undefined || ctx.knownProducts === undefined) return;
  const known = new Set(ctx.knownProducts);
  const bad = options.products.find((p) => !known.has(p));
  if (bad === undefined) return;
  const list = [...known].sort();
  const shown = list.length > 30 ? `${list.slice(0, 30).join(', ')}, ... (${list.length})` : list.join(', ');
  throw new UsageError(`scloud-gen ${ctx.command}: --product '${bad}' is not a product of ${ctx.roots.join(', ')}; products are: ${shown}`);
}

function pick(o: ReportOptions): Omit<ReportOptions, 'quiet' | 'baseline' | 'writeBaseline' | 'maxWarnings'> {
  return {
    ...(o.rules !== undefined ? { rules: o.rules } : {}),
    ...(o.ignoreRules !== undefined ? { ignoreRules: o.ignoreRules } : {}),
    ...(o.products !== undefined ? { products: o.products } : {}),
  };
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
