/** The change records diff produces, and their summary. The rules that produce them are in compare.ts. */

export type ChangeKind =
  | 'action-added'
  | 'action-removed'
  | 'param-added'
  | 'param-removed'
  | 'required-changed'
  | 'type-changed'
  | 'response-field-added'
  | 'response-field-removed'
  | 'model-added'
  | 'model-removed'
  | 'model-renamed'
  | 'type-removed'
  | 'values-removed'
  | 'pagination-added'
  | 'pagination-removed'
  | 'facade-renamed'
  | 'enum-changed'
  | 'deprecated-changed'
  | 'status-changed';

export interface Change {
  /** Action name, e.g. `CreateCustomImage`; `` for a change of the product's exports (models, class facade). */
  action: string;
  product: string;
  change: ChangeKind;
  /**
   * Where: `request.Disks[].Size`, `response.UHostSet[].DiskSet[].Size` (page models inlined where they are
   * used), `models.UHostDiskSet` / `types.CreateUHostInstanceRequestDisks` (exported type names),
   * `values.CreateUHostInstanceRequestChargeTypeValues` (exported allowed-value lists); `` for the
   * action or the product itself.
   */
  path: string;
  /** Code written against the old client no longer compiles (or an exported name it imports is gone). */
  breaking: boolean;
  /** Compiles, but calls that worked may now be refused: reviewers should look (e.g. allowed values removed). */
  review: boolean;
  /** Human detail: `string -> integer`, `now required`, `required string`. */
  detail: string;
  /** model-renamed at `models.<Old>`: the new name (what an alias of the old name would stand for). */
  renamedTo?: string;
}

export interface DiffSummary {
  total: number;
  breaking: number;
  nonBreaking: number;
  /** Non-breaking changes flagged for review. */
  review: number;
  actionsBefore: number;
  actionsAfter: number;
  /** Distinct actions with at least one change (product-level changes not counted). */
  actionsChanged: number;
  byChange: Partial<Record<ChangeKind, number>>;
}

export interface DiffReport {
  changes: Change[];
  summary: DiffSummary;
}

/** Sort changes by product, action, path, then kind: the report's one deterministic order. */
export function sortChanges(changes: Change[]): Change[] {
  return changes.sort(
    (a, b) => cmp(a.product, b.product) || cmp(a.action, b.action) || cmp(a.path, b.path) || cmp(a.change, b.change) || cmp(a.detail, b.detail),
  );
}

/** Counts over sorted changes; `before`/`after` are the action counts of the two sides. */
export function summarize(changes: readonly Change[], before: number, after: number): DiffSummary {
  const byChange: Partial<Record<ChangeKind, number>> = {};
  for (const c of changes) byChange[c.change] = (byChange[c.change] ?? 0) + 1;
  const breaking = changes.filter((c) => c.breaking).length;
  const actions = new Set(changes.filter((c) => c.action !== '').map((c) => `${c.product}/${c.action}`));
  const sorted = Object.fromEntries(Object.entries(byChange).sort(([a], [b]) => cmp(a, b))) as DiffSummary['byChange'];
  return {
    total: changes.length,
    breaking,
    nonBreaking: changes.length - breaking,
    review: changes.filter((c) => c.review && !c.breaking).length,
    actionsBefore: before,
    actionsAfter: after,
    actionsChanged: actions.size,
    byChange: sorted,
  };
}

/** Code-unit string order (locale-independent, so output is the same on every machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
