/**
 * A release's changelog section from a DiffReport: changes grouped by product, then as **breaking**,
 * **added**, **changed** and **deprecated**, in the report's order (deterministic).
 * - breaking: every breaking change;
 * - added: new actions, params, response fields, models and `paginate<Action>()`;
 * - deprecated: a field or action newly marked deprecated, a renamed model kept as a deprecated alias;
 * - changed: everything else (renames that compile, allowed values, optional/required that compiles, ...).
 * Changes flagged for review are marked "(review)".
 */
import type { Change, DiffReport } from './changes.js';

export type Group = 'breaking' | 'added' | 'changed' | 'deprecated';

export const GROUPS: readonly Group[] = ['breaking', 'added', 'changed', 'deprecated'];

export interface ProductChanges {
  product: string;
  breaking: Change[];
  added: Change[];
  changed: Change[];
  deprecated: Change[];
}

const ADDED = new Set(['action-added', 'param-added', 'response-field-added', 'model-added', 'pagination-added']);

/** Which group a change goes in. */
export function groupOf(c: Change): Group {
  if (c.breaking) return 'breaking';
  if (ADDED.has(c.change)) return 'added';
  return newlyDeprecated(c) ? 'deprecated' : 'changed';
}

/**
 * A field now deprecated, an action whose status tags gained `deprecated` (details as compare.ts writes them), or a
 * renamed model whose old name stays as a deprecated alias.
 */
function newlyDeprecated(c: Change): boolean {
  if (c.change === 'model-renamed') return c.path.startsWith('models.');
  if (c.change === 'deprecated-changed') return c.detail === 'now deprecated';
  if (c.change !== 'status-changed') return false;
  const [before = '', after = ''] = c.detail.replace(/^status /, '').split(' -> ');
  const has = (tags: string): boolean => tags.split(', ').includes('deprecated');
  return has(after) && !has(before);
}

/** Changes per product, products in the report's (sorted) order. */
export function groupByProduct(report: DiffReport): ProductChanges[] {
  const out = new Map<string, ProductChanges>();
  for (const c of report.changes) {
    const p = out.get(c.product) ?? { product: c.product, breaking: [], added: [], changed: [], deprecated: [] };
    out.set(c.product, p);
    p[groupOf(c)].push(c);
  }
  return [...out.values()];
}

export interface SectionInput {
  version: string;
  date: string;
  from: string;
  to: string;
  report: DiffReport;
}

const TITLES: Record<Group, string> = { breaking: '⚠️ Breaking', added: 'Added', changed: 'Changed', deprecated: 'Deprecated' };

/** The Markdown section for CHANGELOG.md: `## <version> (<date>)`, a summary line, then one block per product. */
export function renderSection({ version, date, from, to, report }: SectionInput): string {
  const s = report.summary;
  const lines = [`## ${version} (${date})`, ''];
  if (s.total === 0) {
    lines.push(`No API changes from \`${from}\` to \`${to}\`.`, '');
    return lines.join('\n');
  }
  const verdict = s.breaking > 0 ? `**${s.breaking} breaking**` : 'none breaking';
  lines.push(
    `${s.total} API change${s.total === 1 ? '' : 's'} from \`${from}\` to \`${to}\`, ${verdict} (actions: ${s.actionsBefore} → ${s.actionsAfter}).`,
    '',
  );
  for (const p of groupByProduct(report)) {
    lines.push(`### ${p.product}`, '');
    for (const g of GROUPS) {
      if (p[g].length === 0) continue;
      lines.push(`#### ${TITLES[g]}`, '', ...p[g].map(item), '');
    }
  }
  return lines.join('\n');
}

function item(c: Change): string {
  const where = [c.action, c.path === '' ? '' : `\`${c.path}\``].filter((x) => x !== '').join(' ');
  return `- ${where === '' ? '' : `${where}: `}${c.change}, ${c.detail.replace(/\n/g, ' ')}${c.review ? ' (review)' : ''}`;
}
