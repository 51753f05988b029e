/**
 * Which spec answers an action name. The API has one endpoint and `Action=<Name>`, so when two products
 * document the same name (see generator/lint/shared-actions.ts) the mock serves one of them: the first
 * product of `prefer` that documents it, else the first product id in sort order. Nothing is picked silently:
 * `shared` lists every such name for the start-up message.
 */
import { UsageError } from '../diagnostics.js';
import { sharedActions } from '../lint/shared-actions.js';
import { productId } from '../report/product-ids.js';
import type { ActionSpec } from '../spec/model.js';

export interface SharedRoute {
  action: string;
  /** The product that answers. */
  product: string;
  /** The other products documenting the name, sorted. */
  others: string[];
  /** Why this product: named by --prefer, or the first product id. */
  by: 'prefer' | 'first-product';
}

export interface Routing {
  /** Action name -> the spec that answers it. */
  byAction: Map<string, ActionSpec>;
  /** Number of specs given (one per product and action). */
  specs: number;
  /** Names documented in two or more products, sorted by name. */
  shared: SharedRoute[];
}

/** Route every action name to one spec. `prefer`: product ids or folders (`vpc`, `vpc-api`); an unknown one is a UsageError. */
export function routeActions(specs: readonly ActionSpec[], prefer: readonly string[] = []): Routing {
  const products = [...new Set(specs.map((s) => s.product))].sort();
  const wanted = prefer.map(productId);
  const unknown = wanted.find((p) => !products.includes(p));
  if (unknown !== undefined) {
    throw new UsageError(`scloud-gen mock: --prefer '${unknown}' is not a product of the spec dir; products are: ${products.join(', ')}`);
  }
  const byAction = new Map<string, ActionSpec>();
  for (const s of [...specs].sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0))) {
    if (!byAction.has(s.action)) byAction.set(s.action, s);
  }
  const shared: SharedRoute[] = [];
  for (const { action, specs: list } of sharedActions(specs)) {
    const rank = (s: ActionSpec): number => (wanted.includes(s.product) ? wanted.indexOf(s.product) : wanted.length);
    const winner = [...list].sort((a, b) => rank(a) - rank(b))[0]!;
    byAction.set(action, winner);
    const others = list.filter((s) => s !== winner).map((s) => s.product);
    shared.push({ action, product: winner.product, others, by: rank(winner) < wanted.length ? 'prefer' : 'first-product' });
  }
  return { byAction, specs: specs.length, shared };
}

/**
 * Start-up lines about shared names, one per (answering product, other products) pair, e.g.
 * `  unetworkacl over vpc (first product id): CreateNetworkAcl, DeleteNetworkAcl`.
 */
export function describeShared(routing: Routing): string[] {
  if (routing.shared.length === 0) return [];
  const pairs = new Map<string, string[]>();
  for (const r of routing.shared) {
    const key = `${r.product} over ${r.others.join(', ')} (${r.by === 'prefer' ? '--prefer' : 'first product id'})`;
    pairs.set(key, [...(pairs.get(key) ?? []), r.action]);
  }
  const n = routing.shared.length;
  const head =
    `${n} action name${n === 1 ? ' is' : 's are'} documented in more than one product; one product answers each ` +
    '(named by --prefer <product>[,...], else the first product id):';
  return [head, ...[...pairs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, names]) => `  ${key}: ${names.join(', ')}`)];
}

/** The `prefer` products (as ids) that share no action name with another product, so preferring them changes nothing. */
export function unusedPreferences(routing: Routing, prefer: readonly string[]): string[] {
  const sharing = new Set(routing.shared.flatMap((r) => [r.product, ...r.others]));
  return [...new Set(prefer.map(productId))].filter((p) => !sharing.has(p));
}
