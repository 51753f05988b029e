/**
 * What one product's generated module exports, computed from its specs with the emitter's own naming
 * (emit/models.ts resolveModels, emit/action.ts emitAction; the class facade from the product table, else the
 * table's rule for a new product): the model
 * interfaces of `models.ts` (and the nested interfaces declared there), each action file's interfaces, the
 * `paginate<Action>` functions and the class facade. Code importing a name that disappears no longer compiles.
 */
import { actionNames, emitAction, paginationOf } from '../emit/action.js';
import { createContext, type EmitContext } from '../emit/context.js';
import { resolveModels, type ProductModels } from '../emit/product-models.js';
import { NameRegistry } from '../emit/identifiers.js';
import { displayName } from '../spec/product-table.js';
import { fieldsToProps, type InterfaceIR, type TypeScope } from '../emit/type-text.js';
import type { ActionSpec } from '../spec/model.js';

/** Runtime names every product index re-exports (generator/emit/root-files.ts): models never take them. */
const RUNTIME_NAMES = ['Client', 'CallOptions', 'ClientConfig'];

export interface ProductSurface {
  /** Class facade name, e.g. `UHostClient`. */
  facade: string;
  /** `models.ts` model interfaces: TS name -> the page model name it comes from. */
  models: Map<string, string>;
  /** Nested interfaces declared in `models.ts` (object fields of models). */
  modelNested: Set<string>;
  /** Action -> the interfaces its file exports (request, response and their nested interfaces). */
  actionTypes: Map<string, string[]>;
  /** Action -> page model name -> TS name. */
  modelNames: Map<string, Map<string, string>>;
  /** Actions that get a `paginate<Action>()`. */
  paginated: Set<string>;
  /** Every exported type name of the product. */
  types: Set<string>;
}

let emitContext: EmitContext | undefined;

/** The exported surface of one product's generated module. */
export function productSurface(specs: readonly ActionSpec[], facade?: string): ProductSurface {
  const sorted = [...specs].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  const product = sorted[0]?.product ?? '';
  const resolved = resolveModels(sorted, [...sorted.flatMap((s) => actionNames(s.action)), ...RUNTIME_NAMES]);
  const ctx = (emitContext ??= createContext());
  const actionTypes = new Map<string, string[]>();
  for (const spec of sorted) {
    actionTypes.set(spec.action, emitAction(spec, resolved.byAction.get(spec.action) ?? new Map(), ctx).exportedTypes);
  }
  ctx.warnings.length = 0; // the build reports these; diff only needs the names
  const models = new Map(resolved.models.map((m) => [m.name, m.model.name] as const));
  const modelNested = new Set(nestedModelInterfaces(resolved).map((i) => i.name));
  const types = new Set([...models.keys(), ...modelNested, ...[...actionTypes.values()].flat()]);
  return {
    facade: facade ?? `${displayName(product, sorted)}Client`,
    models,
    modelNested,
    actionTypes,
    modelNames: resolved.byAction,
    paginated: new Set(sorted.filter((s) => paginationOf(s) !== undefined).map((s) => s.action)),
    types,
  };
}

/** The nested interfaces `models.ts` declares, named as emit/product.ts modelInterfaces names them. */
function nestedModelInterfaces({ models, byAction }: ProductModels): InterfaceIR[] {
  const registry = new NameRegistry(models.map((m) => m.name));
  const nested: InterfaceIR[] = [];
  for (const m of models) {
    const names = byAction.get(m.action) ?? new Map<string, string>();
    const scope: TypeScope = { nested, claim: (w) => registry.claim(w), modelName: (n) => names.get(n), warn: () => undefined };
    fieldsToProps(m.model.fields, m.name, scope, {});
  }
  return nested;
}
