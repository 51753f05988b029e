/**
 * Spec comparison: what changed between two sets of ActionSpecs, each change judged by what it does to code
 * written against the generated client. Requests and responses are compared where they are used (page models
 * inlined, field by field at every depth, cycle-safe; tree.ts); the product's exported names are compared
 * apart (exports.ts). A change is **breaking** when code that compiled against the old client no longer
 * compiles: an old request value is not assignable to the new request type, a new response value is not
 * assignable to the old response type, a key callers set or readers read is gone at some depth, or a name
 * they import is gone. test/heavy/replay.test.ts checks this against the TypeScript compiler on real history.
 * **review** marks changes that compile but may make calls that worked fail at run time.
 *
 * Rules (one per change kind):
 * - action-removed: breaking (the function disappears). action-added: not breaking.
 * - param-added: breaking when required in the client type (top-level Region/Zone/ProjectId never are: the
 *   client fills them; review then). param-removed: breaking (callers passing it no longer compile).
 * - required-changed: request param optional -> required breaking, required -> optional not (Region/Zone/
 *   ProjectId at the top: not breaking, review when made required); response field required -> optional
 *   breaking (its type gains `undefined`), optional -> required not.
 * - type-changed: breaking unless the client type still fits: integer <-> number is `number` both ways (review
 *   when a request param narrows to integer: the runtime refuses fractions); two undocumented types are both
 *   `unknown`; across kinds, breaking when the old value is not assignable to the new type (request) or the
 *   new to the old (response) by TypeScript's rules (tsview.ts), or when the old type had keys.
 * - response-field-added: not breaking. response-field-removed: breaking (readers of it no longer compile).
 * - model-renamed at a field path (`response.X[].Disks[]`): the page now references the model under another
 *   name; not breaking by itself, the shapes are compared field by field. model-renamed at `models.<Name>`:
 *   the exported type `<Name>` is gone and another is used in its place: breaking (importers), unless an alias
 *   of the alias file (spec/aliases.ts) keeps the old name: then not breaking.
 * - model-added: not breaking. model-removed: breaking (the exported interface of models.ts disappears).
 * - type-removed: an exported nested interface (`types.CreateUHostInstanceRequestDisks`), or a deprecated alias,
 *   disappears: breaking.
 * - values-removed: an exported allowed-value list (`values.<Interface><Field>Values`, `...Meanings`) disappears
 *   (the field lost its allowed values, or the field, its interface or its model is gone): breaking (importers).
 * - pagination-removed: `paginate<Action>()` disappears: breaking. pagination-added: not breaking.
 * - facade-renamed: the product's class facade changes name: breaking (importers of the class).
 * - enum-changed: never breaking (allowed values are open unions in the client); review when a request param
 *   loses values or becomes limited to a list (the server may refuse values old callers send).
 * - deprecated-changed (a field) and status-changed (the action's title tags, e.g. deprecated): not breaking,
 *   reported so reviewers see what users are told to stop using.
 * Descriptions, examples, titles, doc links and wire names are documentation, not API: they are not reported.
 */
import type { AliasEntry } from '../spec/aliases.js';
import type { ActionSpec } from '../spec/model.js';
import { cmp, sortChanges, summarize, type Change, type ChangeKind, type DiffReport } from './changes.js';
import { compareExports } from './exports.js';
import { productSurface, type ProductSurface } from './surface.js';
import { compareTree, type TreeCtx } from './inline-tree.js';

export type { Change, ChangeKind, DiffReport, DiffSummary } from './changes.js';

/** Compare two spec sets; changes come out sorted by product, action, then path. */
/** Class facade names of each side by product id, from its product table (spec/api/products.yaml). */
export interface FacadeNames {
  before?: ReadonlyMap<string, string> | undefined;
  after?: ReadonlyMap<string, string> | undefined;
}

/** Each side's alias file entries (spec/aliases.ts): old names of renamed models, kept as deprecated aliases. */
export interface AliasSides {
  before?: readonly AliasEntry[] | undefined;
  after?: readonly AliasEntry[] | undefined;
}

export function diffSpecs(before: readonly ActionSpec[], after: readonly ActionSpec[], facades: FacadeNames = {}, aliases: AliasSides = {}): DiffReport {
  const out: Change[] = [];
  const oldBy = byProduct(before);
  const newBy = byProduct(after);
  for (const product of [...new Set([...oldBy.keys(), ...newBy.keys()])].sort(cmp)) {
    const names: ProductNames = {
      facades,
      before: (aliases.before ?? []).filter((a) => a.product === product),
      after: (aliases.after ?? []).filter((a) => a.product === product),
    };
    compareProduct(product, oldBy.get(product) ?? new Map(), newBy.get(product) ?? new Map(), out, names);
  }
  const changes = sortChanges(out);
  return { changes, summary: summarize(changes, before.length, after.length) };
}

function byProduct(specs: readonly ActionSpec[]): Map<string, Map<string, ActionSpec>> {
  const out = new Map<string, Map<string, ActionSpec>>();
  for (const s of specs) {
    const actions = out.get(s.product) ?? new Map<string, ActionSpec>();
    out.set(s.product, actions);
    if (!actions.has(s.action)) actions.set(s.action, s);
  }
  return out;
}

/** A product's names on each side besides its specs: class facades and alias entries. */
interface ProductNames {
  facades: FacadeNames;
  before: readonly AliasEntry[];
  after: readonly AliasEntry[];
}

function compareProduct(product: string, before: Map<string, ActionSpec>, after: Map<string, ActionSpec>, out: Change[], names: ProductNames): void {
  const report = (action: string, change: ChangeKind, path: string, breaking: boolean, detail: string, review = false, renamedTo?: string): void => {
    out.push({ action, product, change, path, breaking, review, detail, ...(renamedTo !== undefined ? { renamedTo } : {}) });
  };
  const both = before.size > 0 && after.size > 0;
  const os = both ? productSurface([...before.values()], names.facades.before?.get(product), names.before) : undefined;
  const ns = both ? productSurface([...after.values()], names.facades.after?.get(product), names.after) : undefined;
  const renames = new Map<string, string>();
  const removed = new Set<string>();
  for (const [action, o] of before) {
    const n = after.get(action);
    if (n === undefined) {
      removed.add(action);
      report(action, 'action-removed', '', true, 'action removed');
    } else if (os !== undefined && ns !== undefined) {
      compareAction(o, n, os, ns, renames, (...args) => report(action, ...args));
    }
  }
  for (const action of after.keys()) if (!before.has(action)) report(action, 'action-added', '', false, 'new action');
  if (os !== undefined && ns !== undefined) compareExports(os, ns, renames, removed, report);
}

type ActionReport = (change: ChangeKind, path: string, breaking: boolean, detail: string, review?: boolean) => void;

function compareAction(o: ActionSpec, n: ActionSpec, os: ProductSurface, ns: ProductSurface, renames: Map<string, string>, report: ActionReport): void {
  const before = [...(o.status ?? [])].sort().join(', ');
  const after = [...(n.status ?? [])].sort().join(', ');
  if (before !== after) report('status-changed', '', false, `status ${before === '' ? '(none)' : before} -> ${after === '' ? '(none)' : after}`);
  const ctx: TreeCtx = {
    old: { page: new Map(o.models.map((m) => [m.name, m] as const)), tsName: (m) => os.modelNames.get(o.action)?.get(m) },
    new: { page: new Map(n.models.map((m) => [m.name, m] as const)), tsName: (m) => ns.modelNames.get(n.action)?.get(m) },
    report,
    renamed: (from, to) => {
      if (!renames.has(from)) renames.set(from, to);
    },
  };
  compareTree(ctx, 'request', o.request, n.request);
  compareTree(ctx, 'response', o.response, n.response);
  const fn = `paginate${o.action}`;
  if (os.paginated.has(o.action) && !ns.paginated.has(n.action))
    report('pagination-removed', '', true, `${fn}() removed (no longer Offset/Limit with TotalCount and one array)`);
  if (!os.paginated.has(o.action) && ns.paginated.has(n.action)) report('pagination-added', '', false, `new ${fn}()`);
}
