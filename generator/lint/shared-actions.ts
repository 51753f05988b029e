/**
 * Action names documented in more than one product (`CreateNetworkAcl` in unetworkacl and vpc). Each product
 * keeps its own generated function, but the API has one endpoint and `Action=<Name>`, so readers of the
 * docs, the build and the mock must be told.
 */
import { docsPrefix, type Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';

/** What the check needs of a spec (the build has no more than this for products it did not parse again). */
export type SpecRef = Pick<ActionSpec, 'action' | 'product' | 'source'>;

export interface SharedAction<S extends SpecRef = ActionSpec> {
  action: string;
  /** The specs documenting it, sorted by product id (at least two). */
  specs: S[];
}

/** Every action name with specs in two or more products, sorted by name; products sorted by id. */
export function sharedActions<S extends SpecRef>(specs: readonly S[]): SharedAction<S>[] {
  const byName = new Map<string, S[]>();
  for (const s of specs) {
    const list = byName.get(s.action);
    if (list === undefined) byName.set(s.action, [s]);
    else if (!list.some((o) => o.product === s.product)) list.push(s);
  }
  return [...byName]
    .filter(([, list]) => list.length > 1)
    .sort(([a], [b]) => cmp(a, b))
    .map(([action, list]) => ({ action, specs: [...list].sort((a, b) => cmp(a.product, b.product)) }));
}

/**
 * `action-in-two-products` warnings: one on the page of every product but the first (by id), naming the other
 * pages. `docsDir` is the docs folder the specs were parsed from (files are named `<docsDir>/<source>` like
 * the parser's diagnostics). The build calls this on its parsed specs; lint does too.
 */
export function sharedActionDiagnostics(specs: readonly SpecRef[], docsDir: string): Diagnostic[] {
  const prefix = docsPrefix(docsDir);
  const out: Diagnostic[] = [];
  for (const { action, specs: list } of sharedActions(specs)) {
    const first = list[0]!;
    for (const s of list.slice(1)) {
      const others = list.filter((o) => o !== s).map((o) => `${o.product} (${o.source})`);
      const products = others.length === 1 ? `product ${others[0]}` : `products ${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
      out.push({
        file: `${prefix}/${s.source}`,
        line: 1,
        col: 1,
        severity: 'warning',
        code: 'action-in-two-products',
        message:
          `${action} is also documented in ${products}; each product keeps its own function, ` +
          `and 'scloud-gen mock' answers ${action} from ${first.product} unless started with --prefer ${s.product}; ` +
          'if these pages describe one API, document it in one product only',
      });
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
