/**
 * The documented response examples, for the client's testing kit (`scloud-sdk/testing`, runtime/testing/): one
 * module per product, `<product>/examples.ts` (each action's meta beside its example as JSON text), and an index,
 * `examples.ts` at the root (each action's function and products, and a loader per product). The example of an
 * action is `successBody` (mock/sample.ts), the answer `scloud-gen mock` sends too: one source for both.
 * Nothing of the client imports these files; only the kit does, on demand.
 */
import type { ActionSpec } from '../spec/model.js';
import { successBody } from '../mock/sample.js';
import type { EmitContext } from './context.js';
import { tsHeader } from './header.js';
import { jsString, namedList, printLit, PRINT_WIDTH, type Lit } from './layout.js';
import { propertyName } from './identifiers.js';

/** An action of a product: its spec and the name of its exported meta. */
export interface ExampleRow {
  spec: ActionSpec;
  meta: string;
}

/** What the index needs of a product: its id and its actions with their function names. */
export interface ExampleProduct {
  product: string;
  actions: readonly { action: string; fn: string }[];
}

const TUPLES = 'ReadonlyArray<readonly [ActionMeta, string]>';

/** `<product>/examples.ts`: `examples`, each action's meta and its documented response example (JSON text). */
export function productExamplesText(product: string, rows: readonly ExampleRow[], ctx: EmitContext): string {
  const imports = rows.map((r) => namedList('import', [r.meta], `./${r.spec.action}.js`, false));
  const tuples = rows.map((r) => tuple(r.meta, jsString(JSON.stringify(successBody(r.spec)))));
  const head = `export const examples: ${TUPLES} = `;
  const one = `${head}[${tuples.join(', ')}];`;
  // Prettier keeps an array of two or more arrays broken, one element per line; a single element fits on one line or breaks.
  const body =
    rows.length === 1 && one.length <= PRINT_WIDTH && !one.includes('\n')
      ? one
      : rows.length === 0
        ? `${head}[];`
        : `${head}[\n${tuples.map((t) => indent(t)).join('\n')}\n];`;
  return [
    tsHeader(ctx, `the ${product} pages' response examples`),
    '/**',
    ` * The documented response example of every ${product} action, by its meta: what \`scloud-sdk/testing\` answers`,
    ' * a call with when no stub answers it. Not part of the client: only the testing kit loads this module.',
    ' */',
    "import type { ActionMeta } from '../runtime/index.js';",
    ...imports,
    '',
    body,
    '',
  ].join('\n');
}

/** `[meta, 'json']` on one line at two spaces of indent when it fits, else one part per line (as prettier). */
function tuple(meta: string, json: string): string {
  const one = `[${meta}, ${json}]`;
  if (2 + one.length + 1 <= PRINT_WIDTH) return one;
  return `[\n  ${meta},\n  ${json},\n]`;
}

function indent(text: string): string {
  return `${text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')},`;
}

/** The root `examples.ts`: the function and products of every action name, and a loader per product. */
export function examplesIndexText(products: readonly ExampleProduct[], ctx: EmitContext): string {
  const byAction = new Map<string, string[]>();
  for (const p of products) for (const a of p.actions) byAction.set(a.action, [...(byAction.get(a.action) ?? [a.fn]), p.product]);
  const actions: Lit = {
    obj: [...byAction]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, list]) => [propertyName(name), { arr: list.map((s) => ({ raw: jsString(s) })) }]),
  };
  const loaders: Lit = { obj: products.map((p) => [propertyName(p.product), { raw: `() => import(${jsString(`./${p.product}/examples.js`)})` }]) };
  return [
    tsHeader(ctx, 'every product of the SCloud API reference'),
    '/**',
    ' * Where `scloud-sdk/testing` finds the documented response examples that answer unmocked calls. Not part of',
    " * the client: only the testing kit imports this module, and loads a product's examples when a call needs them.",
    ' */',
    "import type { ActionMeta } from './runtime/index.js';",
    '',
    '/** Documented response examples (JSON text), by action meta. */',
    `export type Examples = ${TUPLES};`,
    '',
    '/** Every action name: its function, then the products that document it (by id). */',
    `export const actions: Readonly<Record<string, readonly string[]>> = ${printLit(actions, '', 0, ';')};`,
    '',
    "/** Each product's examples, loaded on demand. */",
    `export const loaders: Readonly<Record<string, () => Promise<{ examples: Examples }>>> = ${printLit(loaders, '', 0, ';')};`,
    '',
  ].join('\n');
}
