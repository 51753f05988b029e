/**
 * One product -> its files: one file per action, the shared `models.ts`, and `index.ts` (Handlebars).
 * Each file is produced through `produce`, which takes it from the cache when its input is unchanged,
 * so the IR and the ts-morph printing are only done for files whose input changed.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { actionNames, emitAction } from './action.js';
import type { EmitContext } from './context.js';
import { tsHeader } from './header.js';
import { buildDoc } from './jsdoc.js';
import { namedList } from './layout.js';
import { resolveModels, type ResolvedModel } from './models.js';
import { NameRegistry, productIdentifier } from './names.js';
import type { Renderer } from './renderer.js';
import { fieldsToProps, type InterfaceIR, type TypeScope } from './types.js';

/** A produced file and what the product index needs from it. */
export interface Rendered {
  text: string;
  warnings: Diagnostic[];
  values: string[];
  types: string[];
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
      return { text: await renderer.action(ir, header), warnings: [], values: ir.exportedValues, types: ir.exportedTypes };
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
  files.push([`${product}/index.ts`, productIndexText(product, ident, rows, modelTypes, ctx, runtime)]);
  return { product, ident, specs, files };
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

function productIndexText(product: string, ident: string, rows: { file: string; r: Rendered }[], models: string[], ctx: EmitContext, runtime: RuntimeExports): string {
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
  });
}
