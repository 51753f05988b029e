/**
 * One unit of build work: some products, each from its pages to every file it contributes (spec YAML and
 * client files). It runs in this thread or in a worker (worker.ts) and gets everything it needs as plain data,
 * so the same code gives the same bytes wherever it runs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { createContext, defaultEmitOptions, type EmitContext } from '../emit/context.js';
import { finishText, summarize, type ProductSummary } from '../emit/pipeline.js';
import { emitProduct, type Output, type RuntimeExports } from '../emit/product.js';
import { localRenderer, type Renderer } from '../emit/renderer.js';
import { sha1 } from '../fs/manifest.js';
import { collectSpecs, overlaySpecs, type PageEntry } from '../parse/collect.js';
import type { ParseOptions, SkippedPage } from '../parse/docs.js';
import type { ActionSpec } from '../spec/model.js';
import { readOverlays, type Overlay } from '../spec/overlay.js';
import { displayName, namespaceOf, type ProductEntry } from '../spec/products.js';
import { serializeSpec } from '../spec/io.js';
import { resultKey } from './state.js';

export interface PageRef {
  rel: string;
  /** SHA-1 of the page's bytes. */
  hash: string;
}

export interface ProductJob {
  id: string;
  /** Its docs folder. */
  folder: string;
  pages: PageRef[];
  /** Instead of pages: the product's spec files, relative to `JobInput.specDir` (the generate command). */
  specs?: PageRef[];
  /** Names from the product table; absent for a new product (the job proposes them). */
  names?: ProductEntry;
  /** Key of each output file as the last run rendered it, with its hash: an equal key is not printed again. */
  prior?: Record<string, [string, string]>;
}

export interface JobInput {
  docsDir: string;
  /** Docs folder as diagnostics name it. */
  prefix: string;
  parse: ParseOptions;
  overridesDir?: string;
  runtimeDir: string;
  runtime: RuntimeExports;
  products: ProductJob[];
  /** Parse results known from earlier runs, by result key (JSON text). */
  cached: Record<string, string>;
  /** Whether client files are emitted (not for `parse`). */
  emit: boolean;
  /** Where `ProductJob.specs` are (the generate command). */
  specDir?: string;
  /** Folder of the V8 code cache for ts-morph (emit/code-cache.ts); none: ts-morph is compiled as usual. */
  codeCache?: string;
}

export interface SpecFile {
  rel: string;
  hash: string;
  text: string;
  key: string;
}

export interface ProductResult {
  id: string;
  /** New parse results, by result key (JSON text), for the cache. */
  results: Record<string, string>;
  /** Every result key the product's pages use. */
  resultKeys: string[];
  specFiles: SpecFile[];
  files: [string, Output][];
  rendered: Record<string, string>;
  summary: ProductSummary;
  names: ProductEntry;
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  /** Action and source page of every spec, for checks across products. */
  actions: { action: string; source: string }[];
}


/** A product's new parse results made elsewhere (parse-ahead.ts), as JSON text by result key. */
export type Feed = (product: string) => Promise<Record<string, string>>;

/**
 * Runs a job: reads and parses the pages whose results are not known, then emits each product. `onProduct` gets
 * each product's result as soon as it is made (the caller may take its texts and drop them). Files are printed
 * by `renderer` (default: in this thread).
 */
export async function runJob(input: JobInput, onProduct?: (r: ProductResult) => void, feed?: Feed, renderer: Renderer = localRenderer()): Promise<ProductResult[]> {
  const ctx = createContext({ ...defaultEmitOptions(), runtimeDir: input.runtimeDir });
  const overlays = input.overridesDir === undefined ? { overlays: [], diagnostics: [] } : await readOverlays(input.overridesDir);
  const out: ProductResult[] = [];
  for (const p of input.products) {
    const mine = overlays.overlays.filter((o) => o.product === p.id);
    const own = overlays.diagnostics.filter((d) => d.file.split('/').at(-2) === p.id);
    const fed = feed === undefined ? undefined : await feed(p.id);
    const r = await runProduct(input, p, mine, own, ctx, renderer, fed);
    onProduct?.(r);
    out.push(r);
  }
  return out;
}

interface Sourced {
  specs: ActionSpec[];
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  specKey: Map<ActionSpec, string>;
  results: Record<string, string>;
  keys: string[];
}

async function runProduct(input: JobInput, job: ProductJob, overlays: Overlay[], overlayProblems: Diagnostic[], ctx: EmitContext, renderer: Renderer, fed?: Record<string, string>): Promise<ProductResult> {
  const { specs, diagnostics, skipped, specKey, results, keys } = job.specs !== undefined ? await fromSpecFiles(input, job) : await fromPages(input, job, overlays, overlayProblems, fed);
  const specFiles = job.specs !== undefined ? [] : specs.map((s) => {
    const text = serializeSpec(s);
    return { rel: `${s.product}/${s.action}.yaml`, hash: sha1(text), text, key: specKey.get(s)! };
  });
  const names = job.names ?? proposeNames(job.id, job.folder, specs);
  const base = {
    id: job.id, results, resultKeys: keys, specFiles, names, skipped, actions: specs.map((s) => ({ action: s.action, source: s.source })),
  };
  if (!input.emit) {
    const summary: ProductSummary = { product: job.id, ident: names.namespace, facade: names.class, actions: [] };
    return { ...base, files: [], rendered: {}, summary, diagnostics: sortDiagnostics(diagnostics) };
  }
  const rendered: Record<string, string> = {};
  const warnings: Diagnostic[] = [];
  const local: EmitContext = { ...ctx, warnings, warn: (file, code, message) => warnings.push({ file, line: 0, col: 0, severity: 'warning', code, message }) };
  const product = await emitProduct(
    job.id, specs, local, input.runtime,
    async (path, key, print) => {
      rendered[path] = key;
      const prior = job.prior?.[path];
      if (prior !== undefined && prior[0] === key) return { hash: prior[1] };
      const text = await finishText(path, await print());
      return { hash: sha1(text), text };
    },
    { namespace: names.namespace, facade: names.class }, renderer, (s) => specKey.get(s) ?? JSON.stringify(s),
  );
  return { ...base, files: product.files, rendered, summary: summarize(product), diagnostics: sortDiagnostics([...diagnostics, ...warnings]) };
}

/** Known results from `input.cached`, the others made by `make` (and returned as new results). */
async function resolveAll<T>(input: JobInput, job: ProductJob, refs: readonly PageRef[], make: (rel: string) => Promise<T>, fed?: Record<string, string>): Promise<{ values: T[]; results: Record<string, string>; keys: string[] }> {
  const results: Record<string, string> = {};
  const keys = refs.map((p) => resultKey(p.rel, p.hash, job.id));
  const values = await Promise.all(
    refs.map(async (p, i): Promise<T> => {
      const known = input.cached[keys[i]!];
      if (known !== undefined) return JSON.parse(known) as T;
      const made = fed?.[keys[i]!];
      if (made !== undefined) {
        results[keys[i]!] = made;
        return JSON.parse(made) as T;
      }
      const value = await make(p.rel);
      results[keys[i]!] = JSON.stringify(value);
      return value;
    }),
  );
  return { values, results, keys };
}

/** The parser, imported once on first use (a job whose pages are all known or parsed by a worker never loads it). */
let parser: Promise<typeof import('../parse/docs.js')> | undefined;

/** Specs of a product from its pages: parsed (or known), the duplicates rule, overlays. */
async function fromPages(input: JobInput, job: ProductJob, overlays: Overlay[], overlayProblems: Diagnostic[], fed?: Record<string, string>): Promise<Sourced> {
  const { values, results, keys } = await resolveAll(input, job, job.pages, async (rel) => (await (parser ??= import('../parse/docs.js'))).parseFile(input.docsDir, rel, job.id, input.parse), fed);
  const entries: PageEntry[] = values.map((result, i) => ({ rel: job.pages[i]!.rel, result }));
  const { specs, diagnostics, skipped, canonical } = collectSpecs(entries, input.prefix);
  diagnostics.push(...overlayProblems, ...overlaySpecs(specs, overlays));
  const hashOf = new Map(job.pages.map((p) => [p.rel, p.hash] as const));
  const overlayKey = (s: ActionSpec): string => JSON.stringify(overlays.find((o) => o.action === s.action)?.value ?? null);
  const specKey = new Map(specs.map((s) => [s, sha1(`${canonical.get(s) ?? s.source}\0${hashOf.get(canonical.get(s) ?? s.source) ?? ''}\0${overlayKey(s)}`)] as const));
  return { specs, diagnostics, skipped, specKey, results, keys };
}

/** Specs of a product from its YAML files in `input.specDir` (the generate command); invalid files are errors. */
async function fromSpecFiles(input: JobInput, job: ProductJob): Promise<Sourced> {
  const { parseSpecText } = await import('../spec/io.js');
  const refs = job.specs!;
  const { values, results, keys } = await resolveAll(input, job, refs, async (rel) => {
    const file = join(input.specDir!, rel);
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
  return { specs, diagnostics, skipped: [], specKey, results, keys };
}

/** Names for a product the table does not know yet (the run settles clashes between new products). */
function proposeNames(id: string, folder: string, specs: readonly ActionSpec[]): ProductEntry {
  const name = displayName(id, specs);
  return { id, folder, name, class: `${name}Client`, namespace: namespaceOf(id) };
}
