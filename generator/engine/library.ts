/**
 * The library's stages (`import { parseDocs, generateFiles } from 'scloud-gen'`), run by the engine's jobs as the
 * CLI runs them, in memory and without a cache: docs folder -> specs, and specs -> every file of the client. An
 * executor may be given (tests run each one; default: this thread).
 */
import { docsPrefix, sortDiagnostics, underDocs, type Diagnostic } from '../diagnostics.js';
import { createContext, defaultEmitOptions, type EmitContext, type EmitOptions } from '../emit/context.js';
import type { ProductNames } from '../emit/product-files.js';
import { Progress } from '../emit/progress.js';
import { rootFiles } from '../emit/root-files.js';
import { runtimeExports } from '../emit/runtime-exports.js';
import { runtimeCopies } from '../emit/runtime-copy.js';
import type { ParseOptions, SkippedPage } from '../parse/result.js';
import { walkDocs } from '../parse/walk.js';
import type { ActionSpec } from '../spec/model.js';
import { overlaySpecs } from '../parse/collect.js';
import { readOverlays } from '../spec/overlay.js';
import { assignIds, productSlug } from '../spec/product-table.js';
import { ALIASES_FILE, type AliasEntry } from '../spec/aliases.js';
import { inlineExecutor, type Executor } from './executors/executor.js';
import type { JobEnv, ProductJob, ProductResult } from './job.js';

export interface ParseDocsResult {
  /** One spec per (product, action), sorted by product then action. */
  specs: ActionSpec[];
  /** Sorted (sortDiagnostics). */
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  /** Number of Markdown pages read. */
  pages: number;
}

/** Parse a docs folder (one folder per product) into specs. Diagnostics name files as `<docsDir>/<rel>`. */
export async function parseDocs(docsDir: string, opts: ParseOptions = {}, executor: Executor = inlineExecutor()): Promise<ParseDocsResult> {
  const { pages, diagnostics: walked } = await walkDocs(docsDir);
  const prefix = docsPrefix(docsDir);
  const folders = [...new Set(pages.map((rel) => rel.split('/')[0]!))];
  const ids = opts.productIds ?? assignIds(folders, []).ids;
  const jobs: ProductJob[] = folders.map((folder) => ({
    id: ids.get(folder) ?? productSlug(folder),
    folder,
    source: { pages: pages.filter((rel) => rel.startsWith(`${folder}/`)).map((rel) => ({ rel, hash: '' })) },
  }));
  const { productIds: _ids, overridesDir, ...parse } = opts;
  const env: JobEnv = {
    docsDir,
    prefix,
    parse,
    runtime: { values: [], types: [], modules: {} },
    keepSpecs: true,
    ...(overridesDir !== undefined ? { overridesDir } : {}),
  };
  const results = await executor.run({ env, products: jobs, cached: {} });
  const key = (s: ActionSpec): string => `${s.product}/${s.action}`;
  const specs = results.flatMap((r) => r.specs ?? []).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const diagnostics = [...results.flatMap((r) => r.diagnostics), ...walked.map((d) => underDocs(d, prefix)), ...(await leftoverOverlays(overridesDir, jobs))];
  const skipped = results.flatMap((r) => r.skipped).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { specs, diagnostics: sortDiagnostics(diagnostics), skipped, pages: pages.length };
}

/** What the jobs leave of the overlays: the reading problems and overlays of folders that are no product of the docs. */
async function leftoverOverlays(dir: string | undefined, jobs: readonly ProductJob[]): Promise<Diagnostic[]> {
  if (dir === undefined) return [];
  const ids = new Set(jobs.map((j) => j.id));
  const { overlays, diagnostics } = await readOverlays(dir);
  return [
    ...diagnostics.filter((d) => !ids.has(d.file.split('/').at(-2) ?? '')),
    ...overlaySpecs(
      [],
      overlays.filter((o) => !ids.has(o.product)),
    ),
  ];
}

export interface GenerateOptions extends Partial<EmitOptions> {
  /** Show progress on a TTY (default true). */
  progress?: boolean;
  /** Class and namespace names of a product (default: the product table's rules for a new product). */
  names?: (product: string, specs: readonly ActionSpec[]) => ProductNames;
  /** Where the products are emitted (default: this thread). */
  executor?: Executor;
  /** Old names of renamed models, kept as deprecated aliases (the entries of `<spec>/aliases.yaml`: spec/aliases.ts). */
  aliases?: readonly AliasEntry[];
}

export interface GenerateResult {
  files: Map<string, string>;
  actions: number;
  products: number;
  warnings: Diagnostic[];
}

/** Spec set -> every file of the client, in memory (`build` adds the cache and the writer). */
export async function generateFiles(input: ActionSpec[], opts: GenerateOptions = {}): Promise<GenerateResult> {
  const emit: EmitOptions = { ...defaultEmitOptions(), ...emitOptionsOf(opts) };
  const ctx = createContext(emit);
  const specs = dedupe(input, ctx);
  const byProduct = new Map<string, ActionSpec[]>();
  for (const s of specs) byProduct.set(s.product, [...(byProduct.get(s.product) ?? []), s]);
  const jobs: ProductJob[] = [...byProduct].map(([id, list]) => ({
    id,
    folder: id,
    source: { specs: list },
    ...(opts.names !== undefined ? { names: tableEntry(id, opts.names(id, list)) } : {}),
    ...((opts.aliases ?? []).some((a) => a.product === id) ? { aliases: { file: ALIASES_FILE, entries: opts.aliases!.filter((a) => a.product === id) } } : {}),
  }));
  const { root, perProduct } = runtimeExports(emit.runtimeDir);
  const env: JobEnv = { docsDir: '', prefix: '', parse: {}, emit, runtime: perProduct };
  const progress = new Progress('generate', opts.progress !== false && process.stderr.isTTY === true);
  let done = 0;
  const results = await (opts.executor ?? inlineExecutor()).run({ env, products: jobs, cached: {} }, (r) =>
    progress.tick((done += r.files.length), specs.length),
  );
  progress.done();
  const files = new Map<string, string>();
  for (const r of results) for (const [rel, out] of r.files) files.set(rel, out.text!);
  for (const [rel, text] of rootFiles(
    results.map((r) => r.summary),
    ctx,
    root,
  ))
    files.set(rel, text);
  for (const [rel, text] of runtimeCopies(emit.runtimeDir, ctx)) files.set(rel, text);
  const warnings = [...ctx.warnings, ...results.flatMap((r: ProductResult) => r.diagnostics)];
  return { files: new Map([...files].sort(([a], [b]) => cmp(a, b))), actions: specs.length, products: results.length, warnings: sortDiagnostics(warnings) };
}

/** A product table entry with the names `names` gives (the rest is not read by the emitter). */
function tableEntry(id: string, names: ProductNames): { id: string; folder: string; name: string; class: string; namespace: string } {
  return { id, folder: id, name: names.facade.replace(/Client$/, ''), class: names.facade, namespace: names.namespace };
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

function emitOptionsOf(o: Partial<EmitOptions>): Partial<EmitOptions> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && ['runtimeDir', 'regenerateCommand', 'templatesDir'].includes(k)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
