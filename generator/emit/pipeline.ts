/**
 * spec -> files: the whole generate stage in memory. Builds every file's IR (cheap, no ts-morph), then
 * for each file either takes the formatted text from the cache or renders it (ts-morph structures, one
 * batched call per file) and formats it (prettier). Returns relative path -> content; writing is write.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { sha1 } from '../fs/manifest.js';
import { displayName, namespaceOf } from '../spec/products.js';
import { jsString, namedList, PRINT_WIDTH } from './layout.js';
import { createContext, defaultEmitOptions, type EmitContext, type EmitOptions } from './context.js';
import { mdHeader, tsHeader } from './header.js';
import { examplesIndexText } from './examples.js';
import { camelCase } from './names.js';
import { emitProduct, type Produce, type ProductNames, type ProductOutput, type RuntimeExports } from './product.js';
import { Progress } from './progress.js';
import { localRenderer, type Renderer } from './renderer.js';

export interface GenerateOptions extends Partial<EmitOptions> {
  /** Show progress on a TTY (default true). */
  progress?: boolean;
  /** Where IR is printed (default: this thread). The caller closes it. */
  renderer?: Renderer;
  /** Class and namespace names of a product (default: the product table's rules for a new product). */
  names?: (product: string, specs: readonly ActionSpec[]) => ProductNames;
}

export interface GenerateResult {
  files: Map<string, string>;
  actions: number;
  products: number;
  warnings: Diagnostic[];
}

/** What the root index and README need of a product. */
export interface ProductSummary {
  product: string;
  ident: string;
  facade: string;
  actions: { fn: string; action: string; docUrl: string; title: string; deprecated: boolean }[];
}

/** Public runtime names re-exported by `<out>/index.ts` (and the first three by each product index). */
const ROOT_VALUES = [
  'Client', 'SDK_VERSION', 'Credentials', 'SCloudError', 'ApiError', 'AuthError', 'ConfigError', 'HttpError', 'NetworkError', 'ThrottleError', 'TimeoutError',
  'ValidationError', 'AbortError', 'WaiterTimeoutError', 'WaiterFailedError', 'waitFor', 'CredentialsError', 'fromInstanceMetadata', 'fromAssumeRole',
  'ResponseDriftError',
];
const ROOT_TYPES = [
  'CallOptions', 'ClientConfig', 'RawCallOptions', 'WithResponse', 'ResponseInfo', 'WaiterDefinition', 'WaiterResult', 'WaitOptions', 'LogLevel',
  'CredentialProvider', 'CredentialsInput', 'ProvidedCredentials', 'DriftRecord', 'ResponseValidation',
];

/** The runtime names the root index and each product index re-export (those the runtime's index has). */
export function runtimeExports(runtimeDir: string): { root: RuntimeExports; perProduct: RuntimeExports } {
  const runtimeIndex = readText(join(runtimeDir, 'index.ts'));
  const exported = (names: string[]): string[] => names.filter((n) => new RegExp(`\\b${n}\\b`).test(runtimeIndex));
  const root: RuntimeExports = { values: exported(ROOT_VALUES), types: exported(ROOT_TYPES) };
  return { root, perProduct: { values: exported(['Client']), types: root.types } };
}

/** The default names of a product not in a product table. */
export function defaultNames(product: string, specs: readonly ActionSpec[]): ProductNames {
  return { namespace: namespaceOf(product), facade: `${displayName(product, specs)}Client` };
}

/** Spec set -> every file of the client, in memory (the library entry; `build` adds caching and staging). */
export async function generateFiles(input: ActionSpec[], opts: GenerateOptions = {}): Promise<GenerateResult> {
  const options: EmitOptions = { ...defaultEmitOptions(), ...definedOnly(opts) };
  const ctx = createContext(options);
  const specs = dedupe(input, ctx);
  const { root, perProduct } = runtimeExports(options.runtimeDir);
  const byProduct = new Map<string, ActionSpec[]>();
  for (const s of specs) byProduct.set(s.product, [...(byProduct.get(s.product) ?? []), s]);
  const renderer = opts.renderer ?? localRenderer();
  const progress = new Progress('generate', opts.progress !== false && process.stderr.isTTY === true);
  let done = 0;
  const produce: Produce = async (path, _key, print) => {
    const text = await finishText(path, await print());
    progress.tick(++done, specs.length);
    return { hash: sha1(text), text };
  };
  const names = opts.names ?? defaultNames;
  const products = await Promise.all([...byProduct].map(([p, list]) => emitProduct(p, list, ctx, perProduct, produce, names(p, list), renderer)));
  progress.done();
  const files = new Map<string, string>();
  for (const p of products) for (const [rel, out] of p.files) files.set(rel, out.text!);
  for (const [rel, text] of rootFiles(products.map(summarize), ctx, root)) files.set(rel, text);
  for (const [rel, text] of runtimeCopies(options.runtimeDir, ctx)) files.set(rel, text);
  return { files: sortMap(files), actions: specs.length, products: products.length, warnings: sortDiagnostics(ctx.warnings) };
}

/** The text as written: the emitter's own layout, or prettier's when some code line is over the width. */
export async function finishText(path: string, text: string): Promise<string> {
  return overWidth(text) ? (await import('./format.js')).formatFile(path, text) : text;
}

export function summarize(p: ProductOutput): ProductSummary {
  return {
    product: p.product,
    ident: p.ident,
    facade: p.facade,
    actions: p.specs.map((s) => ({ fn: camelCase(s.action), action: s.action, docUrl: s.docUrl, title: s.title, deprecated: s.status?.includes('deprecated') === true })),
  };
}

/** `index.ts`, `README.md` and `examples.ts` of the output root, from every product's summary (sorted by product). */
export function rootFiles(products: readonly ProductSummary[], ctx: EmitContext, root: RuntimeExports): [string, string][] {
  return [
    ['index.ts', rootIndexText(products, ctx, root)],
    ['README.md', readmeText(products, ctx)],
    ['examples.ts', examplesIndexText(products, ctx)],
  ];
}

function rootIndexText(products: readonly ProductSummary[], ctx: EmitContext, root: RuntimeExports): string {
  return ctx.templates.index({
    header: tsHeader(ctx, 'every product of the SCloud API reference'),
    runtimeValues: namedList('export', root.values, './runtime/index.js', false),
    runtimeTypes: root.types.length > 0 ? namedList('export', root.types, './runtime/index.js', true) : '',
    products: products.map((p) => ({ ident: p.ident, dir: p.product, title: `${p.product}: ${p.actions.length === 1 ? '1 action' : `${p.actions.length} actions`}.` })),
  });
}

function readmeText(products: readonly ProductSummary[], ctx: EmitContext): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const first = products[0]?.actions[0];
  return ctx.templates.readme({
    header: mdHeader(ctx, 'every product of the SCloud API reference'),
    actionCount: products.reduce((n, p) => n + p.actions.length, 0),
    productCount: products.length,
    example: {
      product: products[0]?.product ?? 'uhost',
      action: first?.action ?? 'DescribeUHostInstance',
      fn: camelCase(first?.action ?? 'DescribeUHostInstance'),
      facade: products[0]?.facade ?? 'UHostClient',
    },
    products: products.map((p) => ({
      product: p.product,
      facade: p.facade,
      count: p.actions.length,
      actions: p.actions.map((a) => ({ ...a, title: cell(a.title) })),
    })),
  });
}

/**
 * `<runtimeDir>/**\/*.ts` -> `runtime/...` with the header prepended, otherwise verbatim; `version.ts` instead
 * says `clientVersion` (the client package's version) when one is given.
 */
export function runtimeCopies(runtimeDir: string, ctx: EmitContext, clientVersion?: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        const rel = relative(runtimeDir, abs).split('\\').join('/');
        if (rel === 'version.ts' && clientVersion !== undefined) out.push([`runtime/${rel}`, versionFile(ctx, clientVersion)]);
        else out.push([`runtime/${rel}`, `${tsHeader(ctx, `runtime/${rel}`)}\n${readFileSync(abs, 'utf8')}`]);
      }
    }
  };
  walk(runtimeDir);
  return out;
}

function versionFile(ctx: EmitContext, version: string): string {
  return `${tsHeader(ctx, 'the version of the client package (package.json)')}\n/** The client's version (its package.json), sent in the User-Agent. */\nexport const SDK_VERSION: string = ${jsString(version)};\n`;
}

/** Sort by product, action; a second spec for the same product/action is dropped with a warning. */
export function dedupe(specs: ActionSpec[], ctx: EmitContext): ActionSpec[] {
  const sorted = [...specs].sort((a, b) => cmp(a.product, b.product) || cmp(a.action, b.action) || cmp(a.source, b.source));
  const seen = new Set<string>();
  return sorted.filter((s) => {
    const k = `${s.product}/${s.action.toLowerCase()}`;
    if (seen.has(k)) {
      ctx.warn(s.source, 'duplicate-action', `${s.product}/${s.action} is already generated from another page; this page is skipped`);
      return false;
    }
    seen.add(k);
    return true;
  });
}

/**
 * The emitter lays code out in prettier's style itself (layout.ts); prettier runs only on a file with a
 * code line over the print width, the one case the layout helpers do not cover. Tests check that prettier
 * leaves every emitted file unchanged.
 */
function overWidth(text: string): boolean {
  // A line holding only a string literal (an example's JSON in examples.ts) cannot be broken: prettier leaves it.
  const STRING_LINE = /^\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"),?$/;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > PRINT_WIDTH && !/^\s*(\*|\/\/|\/\*)/.test(text.slice(start, end)) && !STRING_LINE.test(text.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function definedOnly(o: Partial<EmitOptions>): Partial<EmitOptions> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && ['runtimeDir', 'regenerateCommand', 'templatesDir'].includes(k)));
}

function sortMap(m: Map<string, string>): Map<string, string> {
  return new Map([...m].sort(([a], [b]) => cmp(a, b)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
