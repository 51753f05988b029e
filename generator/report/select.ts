/**
 * Which diagnostics to show and count, given the report options and a baseline; pure (no I/O), so every
 * rule here is tested directly.
 *
 * Order: --rule/--ignore-rule, then --product, then the baseline (known findings), then --quiet. The first
 * three remove a finding from the output and from every count; --quiet only hides non-errors, which still
 * count (so `--quiet --max-warnings 0` still fails on a warning). Baseline entries are matched against every
 * diagnostic before any filter, so an entry is stale only when its finding is really gone.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import { fingerprint, type BaselineEntry } from './baseline.js';
import type { ReportOptions } from './report-flags.js';
import { locate } from './product-ids.js';

export interface Hidden {
  /** Left out by --rule / --ignore-rule. */
  rule: number;
  /** Left out by --product. */
  product: number;
  /** Known from the baseline. */
  baseline: number;
  /** Counted but not shown: warnings and info under --quiet. */
  quiet: number;
}

export interface Selection {
  /** What to print, in input order. */
  shown: Diagnostic[];
  /** What counts (shown plus the ones --quiet hides), in input order. */
  counted: Diagnostic[];
  totals: Record<Severity, number>;
  hidden: Hidden;
  /** Baseline entries (or parts of their count) that matched no diagnostic; undefined without a baseline. */
  stale?: BaselineEntry[];
  /** --rule codes and --product ids that matched no diagnostic at all. */
  unmatched: { rules: string[]; products: string[] };
  /** 1 when a counted error remains or counted warnings exceed --max-warnings, else 0. */
  exitCode: 0 | 1;
}

/** Apply the options to `diagnostics` (sorted, as the commands produce them). `roots`: the docs dirs. */
export function selectDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: ReportOptions,
  roots: readonly string[],
  baseline?: readonly BaselineEntry[],
): Selection {
  const known = baseline === undefined ? undefined : matchBaseline(diagnostics, baseline, roots);
  const hidden: Hidden = { rule: 0, product: 0, baseline: 0, quiet: 0 };
  const counted: Diagnostic[] = [];
  const shown: Diagnostic[] = [];
  diagnostics.forEach((d, i) => {
    if (!ruleSelected(d.code, options)) hidden.rule++;
    else if (!productSelected(d, options, roots)) hidden.product++;
    else if (known?.matched.has(i) === true) hidden.baseline++;
    else {
      counted.push(d);
      if (options.quiet && d.severity !== 'error') hidden.quiet++;
      else shown.push(d);
    }
  });
  const totals = { error: 0, warning: 0, info: 0 };
  for (const d of counted) totals[d.severity]++;
  const over = options.maxWarnings !== undefined && totals.warning > options.maxWarnings;
  return {
    shown,
    counted,
    totals,
    hidden,
    ...(known !== undefined ? { stale: known.stale } : {}),
    unmatched: unmatched(diagnostics, options, roots),
    exitCode: totals.error > 0 || over ? 1 : 0,
  };
}

function ruleSelected(code: string, options: ReportOptions): boolean {
  if (options.rules !== undefined && !options.rules.includes(code)) return false;
  return options.ignoreRules?.includes(code) !== true;
}

function productSelected(d: Diagnostic, options: ReportOptions, roots: readonly string[]): boolean {
  if (options.products === undefined) return true;
  const product = locate(d.file, roots).product;
  return product !== undefined && options.products.includes(product);
}

/**
 * Indexes of the diagnostics the baseline knows: per fingerprint, the first `count` in input order; what is
 * left of each entry's count is stale.
 */
function matchBaseline(
  diagnostics: readonly Diagnostic[],
  baseline: readonly BaselineEntry[],
  roots: readonly string[],
): { matched: Set<number>; stale: BaselineEntry[] } {
  const left = new Map<string, number>();
  for (const e of baseline) {
    const key = fingerprint(e, []);
    left.set(key, (left.get(key) ?? 0) + e.count);
  }
  const matched = new Set<number>();
  diagnostics.forEach((d, i) => {
    const key = fingerprint(d, roots);
    const n = left.get(key) ?? 0;
    if (n === 0) return;
    left.set(key, n - 1);
    matched.add(i);
  });
  const stale: BaselineEntry[] = [];
  for (const e of baseline) {
    const key = fingerprint(e, []);
    const n = Math.min(e.count, left.get(key) ?? 0);
    if (n === 0) continue;
    left.set(key, left.get(key)! - n);
    stale.push({ ...e, count: n });
  }
  return { matched, stale };
}

function unmatched(diagnostics: readonly Diagnostic[], options: ReportOptions, roots: readonly string[]): Selection['unmatched'] {
  const codes = new Set(diagnostics.map((d) => d.code));
  const products = new Set(diagnostics.map((d) => locate(d.file, roots).product));
  return {
    rules: (options.rules ?? []).filter((c) => !codes.has(c)),
    products: (options.products ?? []).filter((p) => !products.has(p)),
  };
}
