/**
 * Product-level changes: names the product's generated module stops (or starts) exporting. An exported type or
 * allowed-value list that disappears breaks code importing it, even when every action still returns the same shape;
 * a page-level model rename whose exported name survives breaks nothing (that is reported per action, as a rename),
 * nor does a model rename whose old name an alias keeps (spec/aliases.ts): reported, not breaking.
 */
import type { ChangeKind } from './changes.js';
import type { ProductSurface } from './surface.js';

export type Report = (action: string, change: ChangeKind, path: string, breaking: boolean, detail: string, review?: boolean, renamedTo?: string) => void;

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
  for (const [name, page] of sorted(os.models)) {
    const to = ns.aliasOf.get(name);
    if (to === undefined) continue;
    targets.add(to);
    const from = page === name ? '' : ` (page model ${page})`;
    report('', 'model-renamed', `models.${name}`, false, `exported type ${name}${from} is now ${to}; ${name} stays as a deprecated alias of it (aliases.yaml)`);
  }
  for (const name of [...os.types].filter((t) => !ns.types.has(t)).sort()) removedType(os, name, renamedTo.get(name), removedActions, report);
  for (const [name, page] of sorted(ns.models)) {
    if (os.types.has(name) || targets.has(name)) continue;
    report('', 'model-added', `models.${name}`, false, page === name ? 'new model' : `new model (page model ${page})`);
  }
  for (const [name, owner] of sorted(os.values)) {
    if (ns.values.has(name) || removedActions.has(owner)) continue;
    const alias = os.aliases.get(name);
    const what = alias === undefined ? `exported list ${name}` : `deprecated alias ${name} (of ${alias})`;
    report(owner, 'values-removed', `values.${name}`, true, `${what} removed (its field, interface or allowed values are gone); code importing ${name} breaks`);
  }
}

function sorted<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function removedType(os: ProductSurface, name: string, to: string | undefined, removedActions: ReadonlySet<string>, report: Report): void {
  const alias = os.aliases.get(name);
  if (alias !== undefined) {
    report('', 'type-removed', `types.${name}`, true, `deprecated alias ${name} (of ${alias}) removed; code importing ${name} breaks`);
    return;
  }
  const page = os.models.get(name);
  if (page !== undefined) {
    const from = page === name ? '' : ` (page model ${page})`;
    if (to !== undefined)
      report(
        '',
        'model-renamed',
        `models.${name}`,
        true,
        `exported type ${name}${from} is now ${to}; code importing ${name} breaks (an alias would keep it: \`scloud-gen changelog --write\` records one)`,
        false,
        to,
      );
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
