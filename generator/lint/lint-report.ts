/** Lint output: text grouped by page (repeated codes folded into one block each) with a count table, or one JSON document. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import { formatGroup, groupRepeated, type GroupOptions } from '../report/code-group.js';
import type { LintReport } from './lint-docs.js';

export interface RenderOptions {
  /** How repeated codes are folded (default: more than 10 findings); `false` lists every finding (`--all`). */
  group?: GroupOptions | false;
  /** Summary lines printed after the totals (the report's notes: baseline, filters, --max-warnings). */
  notes?: readonly string[];
}

/** The text report: findings by page, then one block per folded code, counts by code, totals, notes. */
export function renderLintText(r: LintReport, options: RenderOptions = {}): string {
  const all = r.byPage.flatMap((p) => p.diagnostics);
  const { singles, groups } = options.group === false ? { singles: all, groups: [] } : groupRepeated(all, options.group);
  const lines: string[] = [];
  for (const [file, list] of byFile(singles)) {
    lines.push(file);
    for (const d of list) lines.push(`  ${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`);
    lines.push('');
  }
  for (const g of groups) lines.push(...formatGroup(g), '');
  const sev: Severity[] = ['error', 'warning', 'info'];
  const codes = sev.flatMap((s) => Object.entries(r.counts[s]).map(([code, n]) => `  ${s.padEnd(7)} ${code.padEnd(22)} ${n}`));
  if (codes.length > 0) lines.push('counts by code:', ...codes, '');
  lines.push(
    `${r.pages} pages, ${r.actions} actions: ${r.totals.error} errors, ${r.totals.warning} warnings, ${r.totals.info} info ` +
      `on ${r.byPage.length} page${r.byPage.length === 1 ? '' : 's'}`,
  );
  lines.push(...(options.notes ?? []));
  return lines.join('\n') + '\n';
}

/** The JSON report: the LintReport as is (with the filtered report's extra fields when given). */
export function renderLintJson(r: LintReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

function byFile(list: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of list) {
    const items = out.get(d.file);
    if (items !== undefined) items.push(d);
    else out.set(d.file, [d]);
  }
  return out;
}
