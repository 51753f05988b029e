/** Renders a DiffReport: JSON for tools, Markdown ready to paste into a pull request. */
import type { Change, DiffReport } from './changes.js';

export interface RenderLabels {
  /** Shown in the Markdown heading, e.g. `main..working tree` or `old/..new/`. */
  before: string;
  after: string;
}

/** The report as one JSON document (labels first when given), newline-terminated. */
export function renderJson(report: DiffReport, labels?: RenderLabels): string {
  const body = labels === undefined ? report : { before: labels.before, after: labels.after, ...report };
  return JSON.stringify(body, null, 2) + '\n';
}

/** The report as Markdown: a summary line, then Breaking, Needs review and Non-breaking tables. */
export function renderMarkdown(report: DiffReport, labels: RenderLabels): string {
  const { summary: s, changes } = report;
  const lines = [`## API changes (\`${labels.before}\` → \`${labels.after}\`)`, ''];
  if (changes.length === 0) {
    lines.push(`No API changes across ${s.actionsAfter} actions.`, '');
    return lines.join('\n');
  }
  const verdict = (s.breaking > 0 ? `**${s.breaking} breaking**` : 'none breaking') + (s.review > 0 ? `, ${s.review} to review` : '');
  lines.push(
    `${s.total} change${s.total === 1 ? '' : 's'} in ${s.actionsChanged} action${s.actionsChanged === 1 ? '' : 's'}, ${verdict} ` +
      `(actions: ${s.actionsBefore} → ${s.actionsAfter}).`,
    '',
  );
  const breaking = changes.filter((c) => c.breaking);
  const review = changes.filter((c) => !c.breaking && c.review);
  const other = changes.filter((c) => !c.breaking && !c.review);
  if (breaking.length > 0) lines.push('### ⚠️ Breaking', '', ...table(breaking), '');
  if (review.length > 0) lines.push('### Needs review', '', 'Compiles, but calls that worked may now be refused:', '', ...table(review), '');
  if (other.length > 0) lines.push('### Non-breaking', '', ...table(other), '');
  return lines.join('\n');
}

function table(changes: readonly Change[]): string[] {
  const rows = ['| action | change | path | detail |', '| --- | --- | --- | --- |'];
  for (const c of changes) {
    rows.push(
      `| ${cell(c.action === '' ? c.product : `${c.product}/${c.action}`)} | ${c.change} | ${c.path === '' ? '' : `\`${cell(c.path)}\``} | ${cell(c.detail)} |`,
    );
  }
  return rows;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
