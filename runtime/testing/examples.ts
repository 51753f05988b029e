/**
 * The documented response examples that answer unmocked calls. The generator writes them beside the client (one
 * module per product, `<out>/<product>/examples.ts`, and an index, `<out>/examples.ts`); nothing of the client
 * imports them, and this module loads them only when a call has no stub, one product at a time. Each example is
 * JSON text, parsed for every answer, so a test that changes an answer never changes the next one.
 *
 * An example is found by the action's meta object (a name documented by two products has two metas); a meta
 * from another copy of the client (its CommonJS and ESM builds in one test) is found by its action name, in the
 * first product (by id) that documents it, as `scloud-gen mock` answers shared names.
 */
import type { ActionMeta } from '../meta.js';

type Examples = ReadonlyArray<readonly [ActionMeta, string]>;

/** The generated index (`<out>/examples.ts`). */
interface ExamplesIndex {
  /** Action name -> [generated function name, product id, ...]. */
  readonly actions: Readonly<Record<string, readonly string[] | undefined>>;
  readonly loaders: Readonly<Record<string, (() => Promise<{ readonly examples: Examples }>) | undefined>>;
}

/**
 * Where the index is, from this module: the generator copies the runtime to `<out>/runtime/` and writes the index
 * to `<out>/examples.ts`. A plain string, so that type-checking `runtime/` alone (where there is no index) passes.
 */
const INDEX_PATH: string = '../../examples.js';

let loadingIndex: Promise<ExamplesIndex | undefined> | undefined;
const products = new Map<string, Promise<Examples>>();

function loadIndex(): Promise<ExamplesIndex | undefined> {
  loadingIndex ??= (import(INDEX_PATH) as Promise<ExamplesIndex>).then(
    (m) => (typeof m.actions === 'object' && typeof m.loaders === 'object' ? m : undefined),
    () => undefined,
  );
  return loadingIndex;
}

function loadProduct(index: ExamplesIndex, product: string): Promise<Examples> {
  let p = products.get(product);
  if (p === undefined) {
    p = index.loaders[product]?.().then((m) => m.examples) ?? Promise.resolve([]);
    products.set(product, p);
  }
  return p;
}

/** The generated function's name for an action (`describeUHostInstance`), when the index knows the action. */
export async function functionName(action: string): Promise<string | undefined> {
  return (await loadIndex())?.actions[action]?.[0];
}

/** The documented response example of the action `meta` belongs to (JSON text), or undefined when none is known. */
export async function documentedExample(meta: ActionMeta): Promise<string | undefined> {
  const index = await loadIndex();
  const entry = index?.actions[meta.action];
  if (index === undefined || entry === undefined) return undefined;
  const candidates = await Promise.all(entry.slice(1).map((product) => loadProduct(index, product)));
  for (const examples of candidates) for (const [m, json] of examples) if (m === meta) return json;
  for (const examples of candidates) for (const [m, json] of examples) if (m.action === meta.action) return json;
  return undefined;
}
