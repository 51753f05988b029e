/**
 * Build jobs: a batch of products, each from its source (docs pages, spec files, or specs in memory) to every file it
 * contributes, through the two stages (stages.ts). A batch is plain data, so an executor (executors/) may run it in
 * this thread or hand parts of it to worker threads; every thread runs `runBatch`, so the bytes are the same.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { createContext, type EmitContext, type EmitOptions } from '../emit/context.js';
import { localPrinter, type Printer } from '../emit/printer.js';
import type { Output } from '../emit/product-files.js';
import type { RuntimeExports } from '../emit/runtime-exports.js';
import type { ProductSummary } from '../emit/root-files.js';
import { sha1 } from '../hash.js';
import type { PageResult, ParseOptions, SkippedPage } from '../parse/result.js';
import type { ActionSpec } from '../spec/model.js';
import { readOverlays, type Overlay } from '../spec/overlay.js';
import { displayName, namespaceOf, type ProductEntry } from '../spec/product-table.js';
import { resultKey } from './cache.js';
import { emitProduct, parseProduct, specFiles, type ParsedProduct, type ProductAliases, type SpecFile } from './stages.js';

export interface PageRef {
  rel: string;
  /** SHA-1 of the file's bytes. */
  hash: string;
}

/** Where a product's specs come from: its docs pages, its spec files (generate), or specs given in memory (library). */
export type JobSource = { pages: PageRef[] } | { specFiles: PageRef[] } | { specs: ActionSpec[] };

export interface ProductJob {
  id: string;
  /** Its docs folder. */
  folder: string;
  source: JobSource;
  /** Names from the product table; absent for a new product (the job proposes them). */
  names?: ProductEntry;
  /** Key of each output file as the last run printed it, with its hash: an equal key is not printed again. */
  prior?: Record<string, [string, string]>;
  /** The product's entries of the alias file (old names of renamed models). */
  aliases?: ProductAliases;
}

/** What every job of a batch shares. */
export interface JobEnv {
  docsDir: string;
  /** Docs folder as diagnostics name it. */
  prefix: string;
  parse: ParseOptions;
  overridesDir?: string;
  /** Where `specFiles` sources are (the generate command). */
  specDir?: string;
  /** Emit options; undefined: no client files (parse). */
  emit?: EmitOptions;
  /** Runtime names each product index re-exports. */
  runtime: RuntimeExports;
  /** Keep each product's specs in its result (the library's parseDocs). */
  keepSpecs?: boolean;
  /** Folder of the V8 code cache for ts-morph (speed/code-cache.ts); none: ts-morph is compiled as usual. */
  codeCache?: string;
}

export interface JobBatch {
  env: JobEnv;
  products: ProductJob[];
  /** Parse results known from earlier runs, by result key (JSON text). */
  cached: Record<string, string>;
}

export interface ProductResult {
  id: string;
  /** New parse results, by result key (JSON text), for the cache. */
  results: Record<string, string>;
  specFiles: SpecFile[];
  files: [string, Output][];
  rendered: Record<string, string>;
  summary: ProductSummary;
  names: ProductEntry;
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  /** Action and source page of every spec, for checks across products. */
  actions: { action: string; source: string }[];
  /** The specs, when the batch asks for them (`keepSpecs`). */
  specs?: ActionSpec[];
}

/** A product's new parse results made elsewhere (executors/parse-ahead.ts), as JSON text by result key. */
export type Feed = (product: string) => Promise<Record<string, string>>;

/** The page or spec files a job reads (none for specs in memory). */
export function refsOf(job: ProductJob): PageRef[] {
  return 'pages' in job.source ? job.source.pages : 'specFiles' in job.source ? job.source.specFiles : [];
}

/** A job's weight for splitting and planning: its files, or its specs. */
export function weightOf(job: ProductJob): number {
  return 'specs' in job.source ? job.source.specs.length : refsOf(job).length;
}

/** Pages (or spec files) of the batch whose parse result is not known yet. */
export function toParse(batch: JobBatch): number {
  let n = 0;
  for (const j of batch.products) for (const r of refsOf(j)) if (batch.cached[resultKey(r.rel, r.hash, j.id)] === undefined) n++;
  return n;
}

export interface RunHow {
  /** Parse results made by a parse-ahead worker. */
  feed?: Feed;
  /** Where files are printed (default: this thread). */
  printer?: Printer;
}

/**
 * Runs a batch in this thread: each product read, parsed (or its results taken from the cache or the feed) and
 * emitted; `onProduct` gets each result as soon as it is made (the caller may take its texts and drop them).
 */
export async function runBatch(batch: JobBatch, onProduct?: (r: ProductResult) => void, how: RunHow = {}): Promise<ProductResult[]> {
  const { env } = batch;
  const ctx = env.emit === undefined ? undefined : createContext(env.emit);
  const overlays = env.overridesDir === undefined ? { overlays: [], diagnostics: [] } : await readOverlays(env.overridesDir);
  const printer = how.printer ?? localPrinter();
  const out: ProductResult[] = [];
  for (const job of batch.products) {
    const mine = overlays.overlays.filter((o) => o.product === job.id);
    const own = overlays.diagnostics.filter((d) => d.file.split('/').at(-2) === job.id);
    const fed = how.feed === undefined ? undefined : await how.feed(job.id);
    const r = await runProduct(batch, job, { overlays: mine, problems: own }, fed, ctx === undefined ? undefined : { ctx, printer });
    onProduct?.(r);
    out.push(r);
  }
  return out;
}

interface Sourced extends ParsedProduct {
  results: Record<string, string>;
}

async function runProduct(
  batch: JobBatch,
  job: ProductJob,
  overlays: { overlays: Overlay[]; problems: Diagnostic[] },
  fed: Record<string, string> | undefined,
  emit: { ctx: EmitContext; printer: Printer } | undefined,
): Promise<ProductResult> {
  const source = job.source;
  const parsed: Sourced =
    'pages' in source
      ? await fromPages(batch, job, source.pages, overlays, fed)
      : 'specFiles' in source
        ? await fromSpecFiles(batch, job, source.specFiles)
        : fromMemory(source.specs);
  const { specs, results } = parsed;
  const names = job.names ?? proposeNames(job.id, job.folder, specs);
  const base = {
    id: job.id,
    results,
    specFiles: 'pages' in source ? specFiles(specs) : [],
    names,
    skipped: parsed.skipped,
    actions: specs.map((s) => ({ action: s.action, source: s.source })),
    ...(batch.env.keepSpecs === true ? { specs } : {}),
  };
  if (emit === undefined) {
    const summary: ProductSummary = { product: job.id, ident: names.namespace, facade: names.class, actions: [] };
    return { ...base, files: [], rendered: {}, summary, diagnostics: sortDiagnostics(parsed.diagnostics) };
  }
  const env = {
    ctx: emit.ctx,
    runtime: batch.env.runtime,
    printer: emit.printer,
    specKey: parsed.specKey,
    ...(job.prior !== undefined ? { prior: job.prior } : {}),
  };
  const emitted = await emitProduct(job.id, specs, names, env, job.aliases);
  return {
    ...base,
    files: emitted.files,
    rendered: emitted.rendered,
    summary: emitted.summary,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...emitted.warnings]),
  };
}

/** Known results from the batch's cache or the feed, the others made by `make` (and returned as new results). */
async function resolveAll<T>(
  batch: JobBatch,
  job: ProductJob,
  refs: readonly PageRef[],
  make: (rel: string) => Promise<T>,
  fed?: Record<string, string>,
): Promise<{ values: T[]; results: Record<string, string> }> {
  const results: Record<string, string> = {};
  const values = await Promise.all(
    refs.map(async (p): Promise<T> => {
      const key = resultKey(p.rel, p.hash, job.id);
      const known = batch.cached[key];
      if (known !== undefined) return JSON.parse(known) as T;
      const made = fed?.[key];
      if (made !== undefined) {
        results[key] = made;
        return JSON.parse(made) as T;
      }
      const value = await make(p.rel);
      results[key] = JSON.stringify(value);
      return value;
    }),
  );
  return { values, results };
}

/** The parser, imported once on first use (a job whose pages are all known or parsed by a worker never loads it). */
let parser: Promise<typeof import('../parse/docs.js')> | undefined;

/** Specs of a product from its pages: parsed (or known), then the parse stage. */
async function fromPages(
  batch: JobBatch,
  job: ProductJob,
  pages: PageRef[],
  overlays: { overlays: Overlay[]; problems: Diagnostic[] },
  fed?: Record<string, string>,
): Promise<Sourced> {
  const { env } = batch;
  const parse = async (rel: string): Promise<PageResult> => (await (parser ??= import('../parse/docs.js'))).parseFile(env.docsDir, rel, job.id, env.parse);
  const { values, results } = await resolveAll(batch, job, pages, parse, fed);
  const parsed = parseProduct(
    values.map((result, i) => ({ ...pages[i]!, result })),
    overlays.overlays,
    overlays.problems,
    env.prefix,
  );
  return { ...parsed, results };
}

/** Specs of a product from its YAML files in the spec folder (the generate command); invalid files are errors. */
async function fromSpecFiles(batch: JobBatch, job: ProductJob, refs: PageRef[]): Promise<Sourced> {
  const { parseSpecText } = await import('../spec/io.js');
  const specDir = batch.env.specDir!;
  const { values, results } = await resolveAll(batch, job, refs, async (rel) => {
    const file = join(specDir, rel);
    return parseSpecText(await readFile(file, 'utf8'), file);
  });
  const specs: ActionSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const specKey = new Map<ActionSpec, string>();
  values.forEach((r, i) => {
    diagnostics.push(...r.diagnostics);
    if (r.spec === undefined) return;
    specs.push(r.spec);
    specKey.set(r.spec, sha1(`${refs[i]!.rel}\0${refs[i]!.hash}`));
  });
  specs.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  return { specs, diagnostics, skipped: [], specKey, results };
}

/** Specs given in memory (the library's generateFiles), as they are. */
function fromMemory(specs: ActionSpec[]): Sourced {
  return { specs, diagnostics: [], skipped: [], specKey: new Map(), results: {} };
}

/** Names for a product the table does not know yet (the run settles clashes between new products). */
function proposeNames(id: string, folder: string, specs: readonly ActionSpec[]): ProductEntry {
  const name = displayName(id, specs);
  return { id, folder, name, class: `${name}Client`, namespace: namespaceOf(id) };
}
