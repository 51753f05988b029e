/**
 * One product -> its files: one file per action, the shared `models.ts`, and `index.ts` (Handlebars).
 * Each file is produced through `produce`, which takes it from the cache when its input is unchanged,
 * so the IR and the ts-morph printing are only done for files whose input changed.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { actionNames, emitAction, type FunctionIR } from './action.js';
import type { EmitContext } from './context.js';
import { tsHeader } from './header.js';
import { buildDoc } from './jsdoc.js';
import { namedList } from './layout.js';
import { resolveModels, type ResolvedModel } from './models.js';
import { NameRegistry, pascalCase, productIdentifier } from './names.js';
import type { FacadeIR, Renderer } from './renderer.js';
import { fieldsToProps, type InterfaceIR, type TypeScope } from './types.js';

/** A produced file and what the product index needs from it. */
export interface Rendered {
  text: string;
  warnings: Diagnostic[];
  values: string[];
  types: string[];
  /** The action's functions, for the product's class facade. */
  functions?: FunctionIR[];
}

/** Cache-aware producer: `input` identifies everything `build` depends on. */
export type Produce = (path: string, input: string, build: (ctx: EmitContext, renderer: Renderer) => Promise<Rendered>) => Promise<Rendered>;

export interface RuntimeExports {
  values: string[];
  types: string[];
}

export interface ProductOutput {
  product: string;
  ident: string;
  /** Class facade name (`UHostClient`). */
  facade: string;
  specs: ActionSpec[];
  files: [string, string][];
}


export async function emitProduct(product: string, specs: ActionSpec[], ctx: EmitContext, runtime: RuntimeExports, produce: Produce): Promise<ProductOutput> {
  const reserved = specs.flatMap((s) => actionNames(s.action));
  const { models, byAction } = resolveModels(specs, [...reserved, ...runtime.values, ...runtime.types]);
  const files: [string, string][] = [];
  // Every file is requested at once (IR built now, printing may run in a worker); results keep spec order.
  const actions = specs.map((spec) => {
    const names = byAction.get(spec.action) ?? new Map<string, string>();
    const path = `${product}/${spec.action}.ts`;
    const header = tsHeader(ctx, spec.source);
    return produce(path, JSON.stringify([header, spec, [...names]]), async (c, renderer) => {
      const ir = emitAction(spec, names, c);
      return { text: await renderer.action(ir, header), warnings: [], values: ir.exportedValues, types: ir.exportedTypes, functions: ir.functions };
    });
  });
  let modelsFile: Promise<Rendered> | undefined;
  if (models.length > 0) {
    const header = tsHeader(ctx, `the ${product} pages' data models`);
    const input = JSON.stringify([header, models.map((m) => [m, [...(byAction.get(m.action) ?? [])], specs.find((s) => s.action === m.action)?.docUrl])]);
    modelsFile = produce(`${product}/models.ts`, input, async (c, renderer) => {
      const interfaces = modelInterfaces(models, byAction, specs, c);
      return { text: await renderer.interfaces(header, interfaces), warnings: [], values: [], types: interfaces.map((i) => i.name) };
    });
  }
  const rendered = await Promise.all(actions);
  const rows = rendered.map((r, i) => ({ file: specs[i]!.action, r }));
  rows.forEach(({ file, r }) => files.push([`${product}/${file}.ts`, r.text]));
  let modelTypes: string[] = [];
  if (modelsFile !== undefined) {
    const r = await modelsFile;
    files.push([`${product}/models.ts`, r.text]);
    modelTypes = r.types;
  }
  const ident = productIdentifier(product);
  const facade = facadeName(product, specs);
  const fheader = tsHeader(ctx, `the ${product} pages`);
  const facadeInput = JSON.stringify([fheader, facade, rows.map(({ file, r }) => [file, r.functions])]);
  const f = await produce(`${product}/client.ts`, facadeInput, async (_c, renderer) => ({
    text: await renderer.facade(fheader, facadeClass(facade, product, rows)),
    warnings: [],
    values: [facade],
    types: [],
  }));
  files.push([`${product}/client.ts`, f.text]);
  files.push([`${product}/index.ts`, productIndexText(product, ident, rows, modelTypes, ctx, runtime, facade)]);
  return { product, ident, facade, specs, files };
}

function modelInterfaces(models: ResolvedModel[], byAction: Map<string, Map<string, string>>, specs: ActionSpec[], ctx: EmitContext): InterfaceIR[] {
  const registry = new NameRegistry(models.map((m) => m.name));
  const nested: InterfaceIR[] = [];
  const out: InterfaceIR[] = [];
  for (const m of models) {
    const spec = specs.find((s) => s.action === m.action)!;
    const names = byAction.get(m.action) ?? new Map<string, string>();
    const scope: TypeScope = {
      nested,
      claim: (w) => registry.claim(w),
      modelName: (n) => names.get(n),
      warn: (code, message) => ctx.warn(spec.source, code, `model ${m.model.name}: ${message}`),
    };
    out.push({
      name: m.name,
      docs: buildDoc({
        title: m.model.name === m.name ? undefined : `${m.model.name} (as defined by ${m.action})`,
        description: m.model.description,
        notes: [`Used by ${m.actions.join(', ')}.`],
        see: spec.docUrl,
      }),
      props: fieldsToProps(m.model.fields, m.name, scope, {}),
    });
  }
  return [...out, ...nested];
}

/**
 * Class name of the product's facade: the product as the action names spell it (`uhost` -> `UHost` from
 * `DescribeUHostInstance`), most frequent spelling first, else PascalCase; plus `Client`.
 */
export function facadeName(product: string, specs: ActionSpec[]): string {
  const counts = new Map<string, number>();
  const re = new RegExp(product.replace(/[^a-z0-9]/gi, ''), 'gi');
  for (const s of specs) for (const m of s.action.match(re) ?? []) if (/^[A-Z]/.test(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  const best = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0]?.[0];
  return `${best ?? pascalCase(product)}Client`;
}

/** `new UHostClient(config).createCustomImage(params)`: methods delegating to the tree-shakable functions. */
function facadeClass(name: string, product: string, rows: { file: string; r: Rendered }[]): FacadeIR {
  const imports: { file: string; names: string[] }[] = [];
  const types = new Set<string>();
  const typeNames = (text: string): string[] => text.replace(/'[^']*'/g, '').match(/\b[A-Z][A-Za-z0-9_]*\b/g) ?? [];
  const builtin = new Set(['CallOptions', 'Client', 'Omit', 'Promise', 'AsyncIterableIterator', 'Array', 'Record']);
  const methods: FacadeIR['methods'] = [];
  for (const { file, r } of rows) {
    const fns = r.functions ?? [];
    for (const fn of fns) {
      const params = fn.params.slice(1);
      for (const t of [...params.flatMap((p) => typeNames(p.type)), ...typeNames(fn.returnType)]) if (!builtin.has(t)) types.add(t);
      const docs = { ...fn.docs, tags: fn.docs.tags.filter((t) => !(t.tagName === 'param' && t.text.startsWith('client '))) };
      methods.push({ name: fn.name, docs, isAsync: fn.isAsync, params, returnType: fn.returnType, callee: fn.name, args: ['this', ...params.map((p) => p.name)] });
    }
    imports.push({ file, names: fns.map((f) => f.name) });
  }
  return { name, product, imports, types: [...types].sort(), methods };
}

function productIndexText(product: string, ident: string, rows: { file: string; r: Rendered }[], models: string[], ctx: EmitContext, runtime: RuntimeExports, facade: string): string {
  const taken = new Set<string>([...runtime.values, ...runtime.types]);
  const keep = (names: string[], file: string): string[] =>
    names.filter((n) => {
      if (taken.has(n)) {
        ctx.warn(`${product}/${file}`, 'name-collision', `'${n}' is already exported by ${product}/index.ts; not re-exported from ${file}`);
        return false;
      }
      taken.add(n);
      return true;
    });
  const actions = rows.map(({ file, r }) => ({
    values: namedList('export', keep(r.values, `${file}.ts`), `./${file}.js`, false),
    types: namedList('export', keep(r.types, `${file}.ts`), `./${file}.js`, true),
  }));
  const modelNames = keep(models, 'models.ts');
  return ctx.templates.productIndex({
    header: tsHeader(ctx, `the ${product} pages`),
    product,
    ident,
    count: rows.length === 1 ? '1 action' : `${rows.length} actions`,
    runtimeValues: namedList('export', runtime.values, '../runtime/index.js', false),
    runtimeTypes: runtime.types.length > 0 ? namedList('export', runtime.types, '../runtime/index.js', true) : '',
    actions,
    models: modelNames.length > 0 ? namedList('export', modelNames, './models.js', true) : '',
    facade: namedList('export', keep([facade], 'client.ts'), './client.js', false),
  });
}
