/** Lint output: text grouped by page with a count table, or one JSON document. */
import type { Severity } from '../diagnostics.js';
import type { LintReport } from './lint.js';

export function renderLintText(r: LintReport): string {
  const lines: string[] = [];
  for (const page of r.byPage) {
    lines.push(page.file);
    for (const d of page.diagnostics) lines.push(`  ${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`);
    lines.push('');
  }
  const sev: Severity[] = ['error', 'warning', 'info'];
  const codes = sev.flatMap((s) => Object.entries(r.counts[s]).map(([code, n]) => `  ${s.padEnd(7)} ${code.padEnd(22)} ${n}`));
  if (codes.length > 0) lines.push('counts by code:', ...codes, '');
  lines.push(
    `${r.pages} pages, ${r.actions} actions: ${r.totals.error} errors, ${r.totals.warning} warnings, ${r.totals.info} info ` +
      `on ${r.byPage.length} page${r.byPage.length === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

export function renderLintJson(r: LintReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
