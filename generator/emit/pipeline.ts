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
import { OutputCache, emitterVersion, sha1 } from './cache.js';
import { namedList, PRINT_WIDTH } from './layout.js';
import { createContext, defaultEmitOptions, type EmitContext, type EmitOptions } from './context.js';
import { mdHeader, tsHeader } from './header.js';
import { camelCase } from './names.js';
import { emitProduct, type Produce, type ProductOutput, type Rendered, type RuntimeExports } from './product.js';
import { Progress } from './progress.js';
import { localRenderer, type Renderer } from './renderer.js';

export interface GenerateOptions extends Partial<EmitOptions> {
  /** Output cache shared with the other stages of the run (openCache); none: everything is rendered. */
  cache?: OutputCache;
  /** Show progress on a TTY (default true). */
  progress?: boolean;
  /** Where IR is printed (default: this thread). The caller closes it. */
  renderer?: Renderer;
}

export interface GenerateResult {
  files: Map<string, string>;
  actions: number;
  products: number;
  warnings: Diagnostic[];
  /** Files rendered this run (cache misses) vs taken from the cache. */
  rendered: number;
  cached: number;
}

/** Public runtime names re-exported by `<out>/index.ts` (and the first three by each product index). */
const ROOT_VALUES = ['Client', 'Credentials', 'SCloudError', 'ApiError', 'AuthError', 'ConfigError', 'HttpError', 'NetworkError', 'ThrottleError', 'TimeoutError', 'ValidationError', 'AbortError'];
const ROOT_TYPES = ['CallOptions', 'ClientConfig'];

export async function generateFiles(input: ActionSpec[], opts: GenerateOptions = {}): Promise<GenerateResult> {
  const options: EmitOptions = { ...defaultEmitOptions(), ...definedOnly(opts) };
  const ctx = createContext(options);
  const specs = dedupe(input, ctx);
  const runtimeIndex = readText(join(options.runtimeDir, 'index.ts'));
  const exported = (names: string[]): string[] => names.filter((n) => new RegExp(`\\b${n}\\b`).test(runtimeIndex));
  const root: RuntimeExports = { values: exported(ROOT_VALUES), types: exported(ROOT_TYPES) };
  const perProduct: RuntimeExports = { values: exported(['Client']), types: root.types };

  const byProduct = new Map<string, ActionSpec[]>();
  for (const s of specs) byProduct.set(s.product, [...(byProduct.get(s.product) ?? []), s]);

  const cache = opts.cache ?? new OutputCache(undefined);
  const renderer = opts.renderer ?? localRenderer();
  const version = emitterVersion(options.templatesDir);
  const progress = new Progress('generate', opts.progress !== false && process.stderr.isTTY === true);
  let rendered = 0;
  let done = 0;
  const produce: Produce = async (path, input, build) => {
    const key = sha1(`${version}\0${path}\0${input}`);
    const hit = cache.get(key);
    let r: Rendered;
    if (hit !== undefined) r = JSON.parse(hit) as Rendered;
    else {
      const local = childContext(ctx);
      r = await build(local, renderer);
      r.warnings = local.warnings;
      if (overWidth(r.text)) r.text = await (await import('./format.js')).formatFile(path, r.text);
      cache.set(key, JSON.stringify(r));
      rendered++;
    }
    ctx.warnings.push(...r.warnings);
    progress.tick(++done, specs.length);
    return r;
  };
  const products = await Promise.all([...byProduct].map(([p, list]) => emitProduct(p, list, ctx, perProduct, produce)));
  progress.done();

  const files = new Map<string, string>();
  for (const p of products) for (const [rel, text] of p.files) files.set(rel, text);
  files.set('index.ts', rootIndexText(products, ctx, root));
  files.set('README.md', readmeText(products, ctx));
  for (const [rel, text] of runtimeCopies(options.runtimeDir, ctx)) files.set(rel, text);
  return { files: sortMap(files), actions: specs.length, products: products.length, warnings: sortDiagnostics(ctx.warnings), rendered, cached: done - rendered };
}

/** A context whose warnings are collected apart (they are cached with the file they belong to). */
function childContext(ctx: EmitContext): EmitContext {
  const warnings: Diagnostic[] = [];
  return { options: ctx.options, templates: ctx.templates, warnings, warn: (file, code, message) => warnings.push({ file, line: 0, col: 0, severity: 'warning', code, message }) };
}

function rootIndexText(products: ProductOutput[], ctx: EmitContext, root: RuntimeExports): string {
  return ctx.templates.index({
    header: tsHeader(ctx, 'every product of the SCloud API reference'),
    runtimeValues: namedList('export', root.values, './runtime/index.js', false),
    runtimeTypes: root.types.length > 0 ? namedList('export', root.types, './runtime/index.js', true) : '',
    products: products.map((p) => ({ ident: p.ident, dir: p.product, title: `${p.product}: ${p.specs.length === 1 ? '1 action' : `${p.specs.length} actions`}.` })),
  });
}

function readmeText(products: ProductOutput[], ctx: EmitContext): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const first = products[0]?.specs[0];
  return ctx.templates.readme({
    header: mdHeader(ctx, 'every product of the SCloud API reference'),
    actionCount: products.reduce((n, p) => n + p.specs.length, 0),
    productCount: products.length,
    example: {
      product: first?.product ?? 'uhost',
      action: first?.action ?? 'DescribeUHostInstance',
      fn: camelCase(first?.action ?? 'DescribeUHostInstance'),
      facade: products[0]?.facade ?? 'UHostClient',
    },
    products: products.map((p) => ({
      product: p.product,
      facade: p.facade,
      count: p.specs.length,
      actions: p.specs.map((s) => ({ fn: camelCase(s.action), action: s.action, docUrl: s.docUrl, title: cell(s.title), deprecated: s.status?.includes('deprecated') === true })),
    })),
  });
}

/** `<runtimeDir>/**\/*.ts` -> `runtime/...` with the header prepended, otherwise verbatim. */
function runtimeCopies(runtimeDir: string, ctx: EmitContext): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        const rel = relative(runtimeDir, abs).split('\\').join('/');
        out.push([`runtime/${rel}`, `${tsHeader(ctx, `runtime/${rel}`)}\n${readFileSync(abs, 'utf8')}`]);
      }
    }
  };
  walk(runtimeDir);
  return out;
}

/** Sort by product, action; a second spec for the same product/action is dropped with a warning. */
function dedupe(specs: ActionSpec[], ctx: EmitContext): ActionSpec[] {
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
  for (const line of text.split('\n')) {
    if (line.length > PRINT_WIDTH && !/^\s*(\*|\/\/|\/\*)/.test(line)) return true;
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
