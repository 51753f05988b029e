/** Checks across products that no single page can make. */
import type { Diagnostic } from '../diagnostics.js';

/**
 * The same action name documented in two products: each product keeps its own function, but the API has one
 * endpoint, so a reader should know. One warning on each page after the first (by product id) naming the others.
 */
export function crossProductDuplicates(actions: readonly { product: string; action: string; source: string }[], prefix: string): Diagnostic[] {
  const byName = new Map<string, { product: string; source: string }[]>();
  for (const a of actions) byName.set(a.action, [...(byName.get(a.action) ?? []), a]);
  const out: Diagnostic[] = [];
  for (const [action, list] of byName) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
    const [first, ...rest] = sorted;
    for (const a of rest) {
      out.push({
        file: `${prefix}/${a.source}`, line: 1, col: 1, severity: 'warning', code: 'action-in-two-products',
        message: `${action} is also documented by product ${first!.product} (${first!.source}); each product gets its own ${action} function, and \`scloud-gen mock\` answers it as ${first!.product}'s unless told otherwise (--prefer)`,
      });
    }
  }
  return out;
}
