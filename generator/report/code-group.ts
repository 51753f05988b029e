/**
 * Grouping for text output: a warning or info code with more than `over` findings is shown as one block
 * (count, pages, a few examples from different pages) instead of a wall of lines. Errors are never grouped:
 * each one needs fixing and fails the run.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';

export interface CodeGroup {
  code: string;
  severity: Severity;
  count: number;
  /** Distinct files with this code. */
  pages: number;
  /** The first finding of each of the first few pages, in input order. */
  examples: Diagnostic[];
}

export interface GroupOptions {
  /** Group a code when it has more than this many findings; default 10. */
  over?: number;
  /** Examples per group; default 3. */
  examples?: number;
  /** Codes never grouped (e.g. the ones named by --rule: the user asked to see them all). */
  expand?: readonly string[];
}

export const GROUP_OVER = 10;
export const GROUP_EXAMPLES = 3;

/** Split `list` into the findings to list one by one (input order kept) and the grouped codes (sorted by severity, then code). */
export function groupRepeated(list: readonly Diagnostic[], options: GroupOptions = {}): { singles: Diagnostic[]; groups: CodeGroup[] } {
  const over = options.over ?? GROUP_OVER;
  const perGroup = options.examples ?? GROUP_EXAMPLES;
  const expand = new Set(options.expand ?? []);
  const byKey = new Map<string, Diagnostic[]>();
  for (const d of list) {
    if (d.severity === 'error' || expand.has(d.code)) continue;
    const key = `${d.severity}\0${d.code}`;
    const items = byKey.get(key);
    if (items !== undefined) items.push(d);
    else byKey.set(key, [d]);
  }
  const grouped = new Set<string>();
  const groups: CodeGroup[] = [];
  for (const [key, items] of byKey) {
    if (items.length <= over) continue;
    grouped.add(key);
    const firstPerPage = new Map<string, Diagnostic>();
    for (const d of items) if (!firstPerPage.has(d.file)) firstPerPage.set(d.file, d);
    groups.push({
      code: items[0]!.code,
      severity: items[0]!.severity,
      count: items.length,
      pages: firstPerPage.size,
      examples: [...firstPerPage.values()].slice(0, perGroup),
    });
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  groups.sort((a, b) => rank[a.severity] - rank[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { singles: list.filter((d) => !grouped.has(`${d.severity}\0${d.code}`)), groups };
}

/** How text output folds under `options`: not at all with --all; never the codes named by --rule. */
export function foldOptions(options: { all?: boolean; rules?: readonly string[] }): GroupOptions | false {
  return options.all === true ? false : { expand: options.rules ?? [] };
}

/** The text block of one folded code: a head line, the examples (`file:line:col message`), how to list them all. */
export function formatGroup(g: CodeGroup): string[] {
  return [
    `${g.severity} ${g.code}: ${g.count} findings on ${g.pages} page${g.pages === 1 ? '' : 's'} (folded), e.g.:`,
    ...g.examples.map((d) => `  ${d.file}:${d.line}:${d.col} ${d.message}`),
    `  list all ${g.count}: --rule ${g.code} (every code in full: --all)`,
  ];
}
