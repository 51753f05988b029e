/**
 * What one product's generated module exports, computed from its specs with the emitter's own naming
 * (emit/product-models.ts resolveModels, emit/action.ts emitAction, emit/models-file.ts modelsFileIR; the class facade
 * from the product table, else the table's rule for a new product): the model interfaces of `models.ts` (and the
 * nested interfaces declared there), each action file's interfaces, the allowed-value lists, the deprecated aliases
 * of renamed models, the `paginate<Action>` functions and the class facade. Code importing a name that disappears no
 * longer compiles.
 */
import { actionNames, emitAction, paginationOf } from '../emit/action.js';
import { createContext, type EmitContext } from '../emit/context.js';
import { modelsFileIR } from '../emit/models-file.js';
import { resolveModels } from '../emit/product-models.js';
import { listNames } from '../emit/type-text.js';
import type { AliasEntry } from '../spec/aliases.js';
import { displayName } from '../spec/product-table.js';
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
  /** Every exported type name of the product (aliases included). */
  types: Set<string>;
  /** Exported allowed-value lists (and aliases of them) -> the action whose file declares them, `` for `models.ts`. */
  values: Map<string, string>;
  /** Deprecated aliases of renamed models (spec/aliases.ts): old model name -> the model it stands for. */
  aliasOf: Map<string, string>;
  /** Every alias name (models, their nested interfaces and lists) -> the name it stands for. */
  aliases: Map<string, string>;
}

let emitContext: EmitContext | undefined;

/** The exported surface of one product's generated module; `aliases` are the product's entries of the alias file. */
export function productSurface(specs: readonly ActionSpec[], facade?: string, aliases: readonly AliasEntry[] = []): ProductSurface {
  const sorted = [...specs].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  const product = sorted[0]?.product ?? '';
  const resolved = resolveModels(sorted, [...sorted.flatMap((s) => actionNames(s.action)), ...RUNTIME_NAMES]);
  const ctx = (emitContext ??= createContext());
  const actionTypes = new Map<string, string[]>();
  const values = new Map<string, string>();
  const others = new Set<string>(RUNTIME_NAMES);
  for (const spec of sorted) {
    const ir = emitAction(spec, resolved.byAction.get(spec.action) ?? new Map(), ctx);
    actionTypes.set(spec.action, ir.exportedTypes);
    for (const v of listNames(ir.interfaces)) values.set(v, spec.action);
    for (const n of [...ir.exportedTypes, ...ir.exportedValues]) others.add(n);
  }
  ctx.warnings.length = 0; // the build reports these; diff only needs the names
  const facadeName = facade ?? `${displayName(product, sorted)}Client`;
  others.add(facadeName);
  const file = modelsFileIR(resolved.models, resolved.byAction, sorted, aliases, others);
  const models = new Map(resolved.models.map((m) => [m.name, m.model.name] as const));
  const modelNested = new Set(file.interfaces.map((i) => i.name).filter((n) => !models.has(n)));
  for (const v of file.exportedValues) values.set(v, '');
  return {
    facade: facadeName,
    models,
    modelNested,
    actionTypes,
    modelNames: resolved.byAction,
    paginated: new Set(sorted.filter((s) => paginationOf(s) !== undefined).map((s) => s.action)),
    types: new Set([...file.exportedTypes, ...[...actionTypes.values()].flat()]),
    values,
    aliasOf: file.aliasOf,
    aliases: new Map(file.aliases.map((a) => [a.name, a.target] as const)),
  };
}
