/**
 * One product -> its files: one file per action, the shared `models.ts`, `index.ts` (Handlebars), and `examples.ts`
 * (the testing kit's answers, emit/example-modules.ts).
 * Each file is produced through `produce`, which takes it from the cache when its input is unchanged,
 * so the IR and the ts-morph printing are only done for files whose input changed.
 */
import type { ActionSpec } from '../spec/model.js';
import { actionNames, emitAction, type ActionFileIR } from './action.js';
import type { EmitContext } from './context.js';
import { productExamplesText } from './example-modules.js';
import { tsHeader } from './header.js';
import { namedList } from './layout.js';
import { resolveModels } from './product-models.js';
import { modelsFileIR } from './models-file.js';
import type { AliasEntry } from '../spec/aliases.js';
import { sha1 } from '../hash.js';
import { facadeIR } from './facade.js';
import { runtimeValueExports, type RuntimeExports } from './runtime-exports.js';
import type { Printer } from './printer.js';

/** A produced file: its hash, and its text unless the caller already has that content (a cache hit). */
export interface Output {
  hash: string;
  text?: string;
}

/**
 * Produces one file: `key` identifies everything its text depends on; `print` makes the text. The pipeline's
 * producer prints every file; the build's skips `print` when the file on disk was made from the same key.
 */
export type Produce = (path: string, key: string, print: () => Promise<string>) => Promise<Output>;

/** The names a product's files use: from the product table, or the id rule's defaults. */
export interface ProductNames {
  /** Namespace of the root index (`uhost`). */
  namespace: string;
  /** Class facade (`UHostClient`). */
  facade: string;
  /** Old names of renamed models (the product's entries of `<spec>/aliases.yaml`, named `file` in messages). */
  aliases?: { file: string; entries: AliasEntry[] };
}

export interface ProductOutput {
  product: string;
  ident: string;
  /** Class facade name (`UHostClient`). */
  facade: string;
  specs: ActionSpec[];
  files: [string, Output][];
}

/**
 * Every file of one product. IR is built for every action (cheap: it decides the product index and the facade);
 * each file is printed only when `produce` needs its text. `specKey(spec)` identifies a spec's content cheaply
 * (the build passes its page hashes); without it the spec's JSON is the key.
 */
export async function productFiles(
  product: string,
  specs: ActionSpec[],
  ctx: EmitContext,
  runtime: RuntimeExports,
  produce: Produce,
  names: ProductNames,
  printer: Printer,
  specKey: (spec: ActionSpec) => string = (s) => JSON.stringify(s),
): Promise<ProductOutput> {
  const reserved = specs.flatMap((s) => actionNames(s.action));
  const { models, byAction } = resolveModels(specs, [...reserved, ...runtime.values, ...runtime.types]);
  const files: [string, Output][] = [];
  const rows = specs.map((spec) => {
    const map = byAction.get(spec.action) ?? new Map<string, string>();
    const header = tsHeader(ctx, spec.source);
    const ir = emitAction(spec, map, ctx);
    const key = sha1(`action\0${header}\0${specKey(spec)}\0${JSON.stringify([...map])}`);
    return { file: spec.action, ir, out: produce(`${product}/${spec.action}.ts`, key, () => printer.action(ir, header)) };
  });
  let modelsFile: Promise<Output> | undefined;
  let modelTypes: string[] = [];
  let modelValues: string[] = [];
  const aliases = names.aliases?.entries ?? [];
  if (models.length > 0 || aliases.length > 0) {
    const header = tsHeader(ctx, `the ${product} pages' data models`);
    const others = new Set([...runtime.values, ...runtime.types, names.facade, ...rows.flatMap((r) => [...r.ir.exportedTypes, ...r.ir.exportedValues])]);
    const file = modelsFileIR(models, byAction, specs, aliases, others, (source, code, message) => ctx.warn(source, code, message));
    for (const p of file.problems)
      ctx.warnings.push({ file: names.aliases!.file, line: p.entry.line, col: 0, severity: 'error', code: 'stale-alias', message: p.message });
    modelTypes = file.exportedTypes;
    modelValues = file.exportedValues;
    if (file.interfaces.length > 0 || file.aliases.length > 0) {
      const key = sha1(`models\0${header}\0${JSON.stringify(file.interfaces)}\0${JSON.stringify(file.aliases)}`);
      modelsFile = produce(`${product}/models.ts`, key, () => printer.interfaces(header, file.interfaces, file.aliases));
    }
  }
  for (const r of rows) files.push([`${product}/${r.file}.ts`, await r.out]);
  if (modelsFile !== undefined) files.push([`${product}/models.ts`, await modelsFile]);
  const fheader = tsHeader(ctx, `the ${product} pages`);
  const facade = facadeIR(names.facade, product, rows, runtime);
  files.push([
    `${product}/client.ts`,
    await produce(`${product}/client.ts`, sha1(`facade\0${fheader}\0${JSON.stringify(facade)}`), () => printer.facade(fheader, facade)),
  ]);
  const examples = `${product}/examples.ts`;
  files.push([
    examples,
    await produce(examples, sha1(`examples\0${tsHeader(ctx, '')}\0${specs.map(specKey).join('\0')}`), async () =>
      productExamplesText(
        product,
        specs.map((spec, i) => ({ spec, meta: rows[i]!.ir.meta.name })),
        ctx,
      ),
    ),
  ]);
  const index = productIndexText(product, names.namespace, rows, { types: modelTypes, values: modelValues }, ctx, runtime, names.facade);
  files.push([`${product}/index.ts`, { hash: sha1(index), text: index }]);
  return { product, ident: names.namespace, facade: names.facade, specs, files };
}

function productIndexText(
  product: string,
  ident: string,
  rows: { file: string; ir: ActionFileIR }[],
  models: { types: string[]; values: string[] },
  ctx: EmitContext,
  runtime: RuntimeExports,
  facade: string,
): string {
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
  const actions = rows.map(({ file, ir }) => ({
    values: namedList('export', keep(ir.exportedValues, `${file}.ts`), `./${file}.js`, false),
    types: namedList('export', keep(ir.exportedTypes, `${file}.ts`), `./${file}.js`, true),
  }));
  const modelNames = keep(models.types, 'models.ts');
  const modelValues = keep(models.values, 'models.ts');
  return ctx.templates.productIndex({
    header: tsHeader(ctx, `the ${product} pages`),
    product,
    ident,
    count: rows.length === 1 ? '1 action' : `${rows.length} actions`,
    runtimeValues: runtimeValueExports(runtime, '../runtime'),
    runtimeTypes: runtime.types.length > 0 ? namedList('export', runtime.types, '../runtime/index.js', true) : '',
    actions,
    models: modelNames.length > 0 ? namedList('export', modelNames, './models.js', true) : '',
    modelValues: modelValues.length > 0 ? namedList('export', modelValues, './models.js', false) : '',
    facade: namedList('export', keep([facade], 'client.ts'), './client.js', false),
  });
}
