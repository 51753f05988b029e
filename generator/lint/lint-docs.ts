/**
 * `lint` = the parser's diagnostics plus checks only a linter needs (broken anchors, missing summary),
 * grouped by page with counts by code. Also `action-in-two-products` (shared-actions.ts). The parser's own codes (example-mismatch, unknown-type, duplicate-param,
 * duplicate-action, action-mismatch, ...) are passed through unchanged.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import { countByCode, dedupe, docsPrefix, sortDiagnostics } from '../diagnostics.js';
import { parseDocs } from '../engine/library.js';
import { listPages, productOf, type ParseOptions } from '../parse/docs.js';
import { readPage } from '../parse/walk.js';
import type { ActionSpec } from '../spec/model.js';
import type { ReportOutcome } from '../report/diagnostics-report.js';
import type { Hidden } from '../report/select.js';
import { brokenAnchors, type Page } from './anchors.js';
import { sharedActionDiagnostics } from './shared-actions.js';

export interface PageReport {
  file: string;
  diagnostics: Diagnostic[];
}

export interface LintReport {
  pages: number;
  actions: number;
  /** Product ids of the docs dir's folders, sorted (what `--product` accepts). */
  products: string[];
  /** Only pages with at least one diagnostic, in file order. */
  byPage: PageReport[];
  counts: Record<Severity, Record<string, number>>;
  totals: Record<Severity, number>;
}

/** Lint a docs folder (one folder per product): the parser's diagnostics plus the lint-only checks, sorted, unfiltered. */
export async function lintDocs(docsDir: string, opts: ParseOptions = {}): Promise<LintReport> {
  const parsed = await parseDocs(docsDir, opts);
  const rels = await listPages(docsDir);
  // Read as the parser reads them (decoded, BOM dropped); an unreadable page is already the parser's error.
  const read = await Promise.all(rels.map(async (rel) => ({ rel, text: (await readPage(docsDir, rel)).text })));
  const pages: Page[] = read.filter((p): p is Page => p.text !== undefined);
  const prefix = docsPrefix(docsDir);
  const all = [...parsed.diagnostics, ...lintChecks(pages, parsed.specs, prefix)];
  const products = [...new Set(rels.map((r) => productOf(r.split('/')[0]!)))].sort();
  return { ...buildReport(sortDiagnostics(dedupe(all)), parsed.pages, parsed.specs.length), products };
}

/** Lint-only checks over raw pages and the parsed specs; files named `<prefix>/<rel>` like the parser's. */
export function lintChecks(pages: readonly Page[], specs: readonly ActionSpec[], prefix: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const b of brokenAnchors(pages)) {
    out.push({
      file: `${prefix}/${b.rel}`,
      line: b.line,
      col: b.col,
      severity: 'warning',
      code: 'broken-anchor',
      message: `link to '${b.target}': ${b.reason}; fix the link or add the heading`,
    });
  }
  const textOf = new Map(pages.map((p) => [p.rel, p.text]));
  for (const s of specs) {
    if (s.summary.trim() !== '') continue;
    const line = overviewLine(textOf.get(s.source) ?? '');
    out.push({
      file: `${prefix}/${s.source}`,
      line,
      col: line === 0 ? 0 : 1,
      severity: 'warning',
      code: 'missing-summary',
      message: `${s.action} has no overview text; add a sentence under the Overview (简介) heading`,
    });
  }
  out.push(...sharedActionDiagnostics(specs, prefix));
  return out;
}

function overviewLine(text: string): number {
  const i = text.split('\n').findIndex((l) => /^#{1,6}\s*(overview|简介)\s*$/i.test(l.trim()));
  return i + 1;
}

/** The report of `diagnostics` (sorted): by page, counts by code and totals. */
export function buildReport(diagnostics: Diagnostic[], pages: number, actions: number): Omit<LintReport, 'products'> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const severities: Severity[] = ['error', 'warning', 'info'];
  const counts = Object.fromEntries(severities.map((s) => [s, countByCode(diagnostics, s)])) as LintReport['counts'];
  const totals = Object.fromEntries(severities.map((s) => [s, diagnostics.filter((d) => d.severity === s).length])) as LintReport['totals'];
  return { pages, actions, byPage: [...byFile].map(([file, list]) => ({ file, diagnostics: list })), counts, totals };
}

/** What `--quiet`, the filters and the baseline left of a report: listed findings, counts, and why others are missing. */
export interface FilteredLintReport extends LintReport {
  /** Findings left out, by reason (`quiet` ones are still in counts and totals). */
  hidden: Hidden;
  /** Known findings of the baseline file that no longer occur; present only with --baseline. */
  stale?: number;
  /** The exit code the findings call for (0 or 1; usage errors exit 2 before any report). */
  exitCode: number;
  /** The summary lines the text output ends with. */
  notes: string[];
}

/** `byPage` from what is shown, `counts`/`totals` from what is counted (see generator/report/select.ts). */
export function filterReport(report: LintReport, outcome: ReportOutcome): FilteredLintReport {
  const shown = buildReport(outcome.shown, report.pages, report.actions);
  const counted = buildReport(outcome.counted, report.pages, report.actions);
  const stale = outcome.stale === undefined ? {} : { stale: outcome.stale.reduce((n, e) => n + e.count, 0) };
  return {
    ...report,
    byPage: shown.byPage,
    counts: counted.counts,
    totals: counted.totals,
    hidden: outcome.hidden,
    ...stale,
    exitCode: outcome.exitCode,
    notes: outcome.notes,
  };
}
