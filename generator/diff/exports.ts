/**
 * Product-level changes: names the product's generated module stops (or starts) exporting. An exported type
 * that disappears breaks code importing it, even when every action still returns the same shape; a page-level
 * model rename whose exported name survives breaks nothing (that is reported per action, as a rename).
 */
import type { ChangeKind } from './changes.js';
import type { ProductSurface } from './surface.js';

export type Report = (action: string, change: ChangeKind, path: string, breaking: boolean, detail: string) => void;

/**
 * Compare the exports of a product present on both sides. `renames` maps an old exported type name to the
 * new one used in its place (collected while comparing the actions); `removedActions` are actions gone from
 * the product, whose own interfaces are covered by their action-removed.
 */
export function compareExports(
  os: ProductSurface,
  ns: ProductSurface,
  renames: ReadonlyMap<string, string>,
  removedActions: ReadonlySet<string>,
  report: Report,
): void {
  if (os.facade !== ns.facade) report('', 'facade-renamed', '', true, `class ${os.facade} -> ${ns.facade}; code importing ${os.facade} breaks`);
  const renamedTo = new Map<string, string>();
  for (const [from, to] of renames) if (!ns.types.has(from) && !os.types.has(to) && ns.types.has(to)) renamedTo.set(from, to);
  const targets = new Set(renamedTo.values());
  for (const name of [...os.types].filter((t) => !ns.types.has(t)).sort()) removedType(os, name, renamedTo.get(name), removedActions, report);
  for (const [name, page] of [...ns.models].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (os.types.has(name) || targets.has(name)) continue;
    report('', 'model-added', `models.${name}`, false, page === name ? 'new model' : `new model (page model ${page})`);
  }
}

function removedType(os: ProductSurface, name: string, to: string | undefined, removedActions: ReadonlySet<string>, report: Report): void {
  const page = os.models.get(name);
  if (page !== undefined) {
    const from = page === name ? '' : ` (page model ${page})`;
    if (to !== undefined) report('', 'model-renamed', `models.${name}`, true, `exported type ${name}${from} is now ${to}; code importing ${name} breaks`);
    else report('', 'model-removed', `models.${name}`, true, `exported type ${name}${from} removed`);
    return;
  }
  if (os.modelNested.has(name)) {
    report('', 'type-removed', `types.${name}`, true, `exported interface ${name} (models.ts) removed`);
    return;
  }
  const owner = [...os.actionTypes].find(([, names]) => names.includes(name))?.[0];
  if (owner === undefined || removedActions.has(owner)) return;
  report(owner, 'type-removed', `types.${name}`, true, `exported interface ${name} removed`);
}
