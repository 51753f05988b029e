/**
 * The build, in memory: docs -> every file of the spec folder and the client folder, each with its hash (and its
 * text when it must be written). Products whose inputs (pages, overlays, table entry) are unchanged since the
 * last run are not parsed or emitted: their files' hashes come from the state. The caller plans, stages and
 * commits the trees (fs/), then calls `remember` so the next run can skip what did not change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dedupe, docsPrefix, sortDiagnostics, UsageError, type Diagnostic } from '../diagnostics.js';
import { createContext, defaultEmitOptions } from '../emit/context.js';
import { rootFiles, runtimeCopies, runtimeExports, type ProductSummary } from '../emit/pipeline.js';
import { sha1 } from '../fs/manifest.js';
import type { Expected } from '../fs/tree.js';
import type { ParseOptions, SkippedPage } from '../parse/docs.js';
import { assignIds, readProductTable, serializeProductTable, type ProductEntry } from '../spec/products.js';
import { ONE_THREAD, planLabel, runJobs, threadsFor } from './pool.js';
import type { JobInput, ProductJob, ProductResult } from './product-job.js';
import { inputStats, scanInputs, type Inputs, type Scanned } from './scan.js';
import { resultKey, type BuildState, type ProductRecord } from './state.js';
import { lap } from './timing.js';
import type { Renderer } from '../emit/renderer.js';
import { sharedActionDiagnostics } from '../lint/shared-actions.js';

export const TABLE_FILE = 'products.yaml';

export interface BuildInput {
  /** `docs`: parse the pages of `docsDir`; `spec`: read the YAML files of `specDir` (the generate command). */
  source?: 'docs' | 'spec';
  docsDir: string;
  /** The spec folder (its product table is read from it); undefined for a run that writes no spec. */
  specDir?: string;
  /** Whether client files are emitted. */
  emit: boolean;
  parse: ParseOptions;
  overridesDir?: string;
  runtimeDir: string;
  /** Generator version (hash of its code); part of every cache key. */
  version: string;
  /** Folder of the V8 code cache for ts-morph (emit/code-cache.ts); none: no code cache. */
  codeCache?: string;
  /** The client package's version (`<out>/package.json`), written into `runtime/version.ts`. */
  clientVersion?: string;
  state: BuildState;
  /** The inputs, scanned already (scanInputs); otherwise they are scanned first. */
  inputs?: Inputs;
  /** A print thread started already (print-thread.ts), for a plan that prints in one; the caller closes it. */
  printer?: Renderer;
  threads?: number;
  /**
   * Receives every file of the trees as soon as it is known (a product's files when the product is done), so the
   * caller can stage it and the text need not stay in memory; the output maps then hold hashes only.
   */
  sink?: FileSink;
  /**
   * Whether the file at `rel` of a tree is on disk as the last run wrote it with `hash` (by its stat). A product
   * with a file that is not is emitted again, and that file printed, even when its inputs did not change.
   */
  reusable?: (tree: 'spec' | 'out', rel: string, hash: string) => boolean;
}

export type FileSink = (tree: 'spec' | 'out', rel: string, file: Expected) => void;

export interface BuildOutput {
  spec: Map<string, Expected>;
  out: Map<string, Expected>;
  diagnostics: Diagnostic[];
  pages: number;
  actions: number;
  products: number;
  /** Products parsed and emitted this run (the others came from the state). */
  rebuilt: string[];
  /** Parse-result keys of every page of this run (the state keeps only these). */
  liveKeys: Set<string>;
  /** Pages that yielded no spec (not an action, a duplicate, an error). */
  skipped: SkippedPage[];
  /** Saves what this run learnt into the state (call after the trees are committed or compared). */
  remember(): void;
  /** Re-emits the files of `rels` with no cache (their recorded hash was not on disk); fills their text. */
  fill(rels: readonly string[], tree: 'spec' | 'out'): Promise<void>;
}

/** Runs the build computation. Throws UsageError for a docs folder without pages or a broken product table. */
export async function computeBuild(input: BuildInput): Promise<BuildOutput> {
  const { state } = input;
  const fromSpec = input.source === 'spec';
  const { walk, pages, overlays, runtime } = input.inputs ?? (await scanInputs(input));
  const rels = walk.pages;
  const table = input.specDir === undefined ? { entries: [], problems: [] } : await readProductTable(join(input.specDir, TABLE_FILE));
  if (table.problems.length > 0) {
    const file = join(input.specDir!, TABLE_FILE);
    throw new UsageError(table.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n') + `\nscloud-gen: fix the product table ${file} (or delete it to have it made again), then rerun`);
  }
  const folders = [...new Set(rels.map((r) => r.split('/')[0]!))];
  // Spec folders are named by product id already; docs folders get theirs from the table or the id rule.
  const ids = fromSpec ? new Map(folders.map((f) => [f, f] as const)) : assignIds(folders, table.entries);
  const byId = new Map<string, { folder: string; pages: Scanned[]; overlays: Scanned[] }>();
  for (const f of folders) byId.set(ids.get(f)!, { folder: f, pages: [], overlays: [] });
  for (const p of pages) byId.get(ids.get(p.rel.split('/')[0]!)!)!.pages.push(p);
  for (const o of overlays) byId.get(o.rel.split('/')[0]!)?.overlays.push(o);
  const entryOf = new Map(table.entries.map((e) => [e.id, e] as const));
  const runtimeKey = sha1(runtime.map((r) => `${r.rel}\0${r.hash}`).join('\n'));
  const keyWith = (id: string, entry: ProductEntry | undefined): string => {
    const p = byId.get(id)!;
    return sha1(JSON.stringify([input.version, input.emit, id, p.folder, entry ?? null, runtimeKey, p.pages.map((x) => [x.rel, x.hash]), p.overlays.map((x) => [x.rel, x.hash])]));
  };
  const keyOf = (id: string): string => keyWith(id, entryOf.get(id));
  const records = state.index.products;
  const reusable = reusableIn(input);
  const onDisk = (r: ProductRecord): boolean =>
    Object.entries(r.specFiles).every(([rel, hash]) => reusable('spec', rel, hash)) && (!input.emit || Object.entries(r.outFiles).every(([rel, hash]) => reusable('out', rel, hash)));
  const changed = [...byId.keys()].filter((id) => records[id]?.key !== keyOf(id) || !onDisk(records[id]!)).sort();
  const emitOptions = { ...defaultEmitOptions(), runtimeDir: input.runtimeDir };
  const { root, perProduct } = runtimeExports(input.runtimeDir);
  const refs = (id: string): { rel: string; hash: string }[] => byId.get(id)!.pages.map((p) => ({ rel: p.rel, hash: p.hash }));
  const jobs: ProductJob[] = changed.map((id) => ({
    id, folder: entryOf.get(id)?.folder ?? byId.get(id)!.folder, ...(fromSpec ? { pages: [], specs: refs(id) } : { pages: refs(id) }),
    ...(entryOf.has(id) ? { names: entryOf.get(id)! } : {}),
    prior: priorOf(records[id], (rel, hash) => reusable('out', rel, hash)),
  }));
  const cached: Record<string, string> = {};
  const jobInput: JobInput = {
    docsDir: input.docsDir, prefix: docsPrefix(input.docsDir), parse: input.parse,
    ...(input.overridesDir !== undefined ? { overridesDir: input.overridesDir } : {}),
    runtimeDir: input.runtimeDir, runtime: perProduct, products: jobs, cached, emit: input.emit,
    ...(fromSpec ? { specDir: input.specDir! } : {}), ...(input.codeCache !== undefined ? { codeCache: input.codeCache } : {}),
  };
  const toParse = fillCached(state, jobs, cached);
  lap('keys');
  /** A product's result as it arrives: parse results into the state, files to the sink (then their texts go). */
  const take = (r: ProductResult): void => {
    for (const [k, v] of Object.entries(r.results)) state.setResultText(k, v);
    r.results = {};
    if (input.sink === undefined) return;
    for (const f of r.specFiles) {
      input.sink('spec', f.rel, { hash: f.hash, text: f.text });
      f.text = '';
    }
    for (const [rel, o] of r.files) {
      input.sink('out', rel, o);
      delete o.text;
    }
  };
  const plan = threadsFor(toParse, input.threads);
  const results = await runJobs(jobInput, plan, pagesOf, take, input.printer);
  lap(planLabel(plan, jobs.length));
  const entries = settleNames(table.entries, results, ids);
  const fresh = new Map(results.map((r) => [r.id, r] as const));
  // A new product whose proposed names clashed with another's is emitted again with the names it got.
  for (const r of results) {
    const e = entries.find((x) => x.id === r.id)!;
    if (e.class !== r.names.class || e.namespace !== r.names.namespace) {
      const [again] = await runJobs({ ...jobInput, products: [{ ...jobs.find((j) => j.id === r.id)!, names: e }] }, ONE_THREAD, () => 1, take);
      fresh.set(r.id, again!);
    }
  }
  // The next run reads the table this run writes: remember each product under the entry it ends up with.
  const finalKey = (id: string): string => keyWith(id, fromSpec ? entryOf.get(id) : entries.find((e) => e.id === id));
  const jobsFor = (list: readonly string[]): ProductJob[] => list.map((id) => ({
    id, folder: byId.get(id)!.folder, ...(fromSpec ? { pages: [], specs: refs(id) } : { pages: refs(id) }), names: entries.find((e) => e.id === id)!,
  }));
  return assemble(input, { byId, records, fresh, keyOf: finalKey, entries, root, emitOptions, pages: pages.length, scanned: { pages, overlays }, walked: walk.diagnostics, jobInput, jobs, jobsFor, runtimeKey });
}

/** A job's weight for splitting: its pages (or spec files). */
const pagesOf = (j: ProductJob): number => j.pages.length + (j.specs?.length ?? 0);

/** `input.reusable`, or (no planner to ask: library use) every recorded file counts as on disk. */
const reusableIn = (input: BuildInput): NonNullable<BuildInput['reusable']> => input.reusable ?? (() => true);

/** Puts the parse results the state knows for the jobs' pages into `cached` (as JSON text); returns how many it lacks. */
function fillCached(state: BuildState, jobs: readonly ProductJob[], cached: Record<string, string>): number {
  let missing = 0;
  for (const j of jobs) {
    for (const p of [...j.pages, ...(j.specs ?? [])]) {
      const key = resultKey(p.rel, p.hash, j.id);
      const known = state.result<unknown>(key);
      if (known === undefined) missing++;
      else cached[key] = JSON.stringify(known);
    }
  }
  return missing;
}

/** What the last run rendered of a product, for the files still on disk as it wrote them (the others are printed). */
function priorOf(r: ProductRecord | undefined, reusable: (rel: string, hash: string) => boolean): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  if (r === undefined) return out;
  for (const [rel, key] of Object.entries(r.rendered)) {
    const hash = r.outFiles[rel];
    if (hash !== undefined && reusable(rel, hash)) out[rel] = [key, hash];
  }
  return out;
}

/** The table after this run: old entries unchanged, new products with their proposed names made unique. */
function settleNames(table: readonly ProductEntry[], results: readonly ProductResult[], ids: ReadonlyMap<string, string>): ProductEntry[] {
  const out = [...table];
  const known = new Set(table.map((e) => e.id));
  const classes = new Set(table.map((e) => e.class));
  const namespaces = new Set(table.map((e) => e.namespace));
  const unique = (wanted: string, taken: Set<string>): string => {
    let name = wanted;
    for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
    taken.add(name);
    return name;
  };
  const folders = new Map([...ids].map(([f, id]) => [id, f] as const));
  for (const r of [...results].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (known.has(r.id)) continue;
    out.push({ ...r.names, folder: folders.get(r.id) ?? r.names.folder, class: unique(r.names.class, classes), namespace: unique(r.names.namespace, namespaces) });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

interface Parts {
  byId: Map<string, { folder: string; pages: Scanned[]; overlays: Scanned[] }>;
  records: Record<string, ProductRecord>;
  fresh: Map<string, ProductResult>;
  keyOf: (id: string) => string;
  entries: ProductEntry[];
  root: ReturnType<typeof runtimeExports>['root'];
  emitOptions: ReturnType<typeof defaultEmitOptions>;
  pages: number;
  scanned: { pages: Scanned[]; overlays: Scanned[] };
  /** Diagnostics of the docs walk (symlinks skipped or followed out, unreadable folders), files prefixed. */
  walked: Diagnostic[];
  jobInput: JobInput;
  jobs: ProductJob[];
  runtimeKey: string;
  /** Jobs that emit `ids` again with their settled names and no prior renders. */
  jobsFor(ids: readonly string[]): ProductJob[];
}

function assemble(input: BuildInput, parts: Parts): BuildOutput {
  const spec = new Map<string, Expected>();
  const out = new Map<string, Expected>();
  const diagnostics: Diagnostic[] = [];
  const summaries: ProductSummary[] = [];
  const actionsOf: { product: string; action: string; source: string }[] = [];
  const skipped: SkippedPage[] = [];
  let actions = 0;
  const ids = [...parts.byId.keys()].sort();
  for (const id of ids) {
    const r = parts.fresh.get(id);
    if (r !== undefined) {
      // With a sink these went to it as the product was made (texts dropped): keep the hashes.
      for (const f of r.specFiles) spec.set(f.rel, input.sink === undefined ? { hash: f.hash, text: f.text } : { hash: f.hash });
      for (const [rel, o] of r.files) out.set(rel, o);
      diagnostics.push(...r.diagnostics);
      summaries.push(r.summary);
      actions += r.actions.length;
      actionsOf.push(...r.actions.map((a) => ({ ...a, product: id })));
      skipped.push(...r.skipped);
      continue;
    }
    const rec = parts.records[id]!;
    for (const [rel, hash] of Object.entries(rec.specFiles)) {
      spec.set(rel, { hash });
      input.sink?.('spec', rel, { hash });
    }
    for (const [rel, hash] of Object.entries(rec.outFiles)) {
      out.set(rel, { hash });
      input.sink?.('out', rel, { hash });
    }
    diagnostics.push(...rec.diagnostics);
    const summary = rec.summary as ProductSummary & { sources?: { action: string; source: string }[] };
    summaries.push(summary);
    actions += (summary.sources ?? []).length;
    actionsOf.push(...(summary.sources ?? []).map((a) => ({ ...a, product: id })));
    skipped.push(...(rec.skipped as SkippedPage[]));
  }
  diagnostics.push(...parts.walked);
  diagnostics.push(...sharedActionDiagnostics(actionsOf, parts.jobInput.prefix));
  diagnostics.push(...staleOverlayProducts(input, parts));
  if (input.specDir !== undefined && input.source !== 'spec') {
    const text = serializeProductTable(parts.entries);
    spec.set(TABLE_FILE, { hash: sha1(text), text });
    input.sink?.('spec', TABLE_FILE, { hash: sha1(text), text });
  }
  // The root index, README and runtime copies: made again only when what they are made from changed.
  const globalKey = sha1(JSON.stringify([input.version, summaries.map((x) => ({ ...x, sources: undefined })), parts.root, parts.runtimeKey, input.clientVersion ?? null]));
  const makeGlobals = (): [string, string][] => {
    const ctx = createContext(parts.emitOptions);
    return [...rootFiles(summaries, ctx, parts.root), ...runtimeCopies(input.runtimeDir, ctx, input.clientVersion)];
  };
  const known = input.state.index.globals;
  const globals: Record<string, string> = {};
  if (input.emit) {
    const add = (rel: string, e: Expected): void => {
      out.set(rel, e);
      globals[rel] = e.hash;
      input.sink?.('out', rel, e);
    };
    const reusable = reusableIn(input);
    if (known?.key === globalKey && Object.entries(known.files).every(([rel, hash]) => reusable('out', rel, hash))) for (const [rel, hash] of Object.entries(known.files)) add(rel, { hash });
    else for (const [rel, text] of makeGlobals()) add(rel, { hash: sha1(text), text });
  }
  const rebuilt = [...parts.fresh.keys()].sort();
  return {
    spec, out, diagnostics: sortDiagnostics(dedupe(diagnostics)), pages: parts.pages, actions, products: ids.length, rebuilt,
    skipped: skipped.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
    liveKeys: new Set([...parts.byId].flatMap(([id, p]) => p.pages.map((x) => resultKey(x.rel, x.hash, id)))),
    remember: () => {
      remember(input.state, parts);
      if (input.emit) input.state.index.globals = { key: globalKey, files: globals };
    },
    fill: async (rels, tree) => {
      const target = tree === 'spec' ? spec : out;
      const give = (rel: string, e: Expected): void => {
        target.set(rel, e);
        input.sink?.(tree, rel, e);
      };
      if (tree === 'out' && rels.some((r) => globals[r] !== undefined)) for (const [rel, text] of makeGlobals()) if (rels.includes(rel)) give(rel, { hash: sha1(text), text });
      const products = [...new Set(rels.map((r) => r.split('/')[0]!))].filter((id) => parts.byId.has(id));
      const jobs = parts.jobsFor(products);
      const cached: Record<string, string> = {};
      const toParse = fillCached(input.state, jobs, cached);
      for (const r of await runJobs({ ...parts.jobInput, products: jobs, cached }, threadsFor(toParse, input.threads), pagesOf)) {
        const files = new Map<string, { hash: string; text?: string }>([...r.specFiles.map((f) => [f.rel, f] as const), ...r.files]);
        for (const rel of rels) {
          const f = files.get(rel);
          if (f?.text !== undefined) give(rel, { hash: f.hash, text: f.text });
        }
      }
      lap('fill');
    },
  };
}

function remember(state: BuildState, parts: Parts): void {
  state.index.pages = inputStats(parts.scanned.pages);
  state.index.inputs = inputStats(parts.scanned.overlays);
  const products: Record<string, ProductRecord> = {};
  for (const id of parts.byId.keys()) {
    const r = parts.fresh.get(id);
    if (r === undefined) {
      products[id] = parts.records[id]!;
      continue;
    }
    products[id] = {
      key: parts.keyOf(id),
      specFiles: Object.fromEntries(r.specFiles.map((f) => [f.rel, f.hash])),
      outFiles: Object.fromEntries(r.files.map(([rel, o]) => [rel, o.hash])),
      rendered: r.rendered,
      diagnostics: r.diagnostics,
      summary: { ...r.summary, sources: r.actions },
      skipped: r.skipped,
    };
  }
  state.index.products = products;
}

/** Overlay folders naming a product the docs do not have. */
function staleOverlayProducts(input: BuildInput, parts: Parts): Diagnostic[] {
  if (input.overridesDir === undefined) return [];
  const dirs = new Set(parts.scanned.overlays.map((o) => o.rel.split('/')[0]!));
  // A folder of waiter definitions only is kept for when the product is documented (as for a missing action).
  const waitersOnly = (d: string): boolean => parts.scanned.overlays.filter((o) => o.rel.startsWith(`${d}/`)).every((o) => {
    const keys = readFileSync(join(input.overridesDir!, o.rel), 'utf8').split('\n').map((l) => /^([A-Za-z_]\w*)\s*:/.exec(l)?.[1]).filter((k) => k !== undefined);
    return keys.length > 0 && keys.every((k) => k === 'waiters');
  });
  return [...dirs].filter((d) => !parts.byId.has(d)).sort().map((d): Diagnostic => {
    const file = join(input.overridesDir!, d).split('\\').join('/');
    return waitersOnly(d)
      ? { file, line: 0, col: 0, severity: 'info', code: 'unused-waiter', message: `no product '${d}' in these docs; its waiters apply when it is documented` }
      : { file, line: 0, col: 0, severity: 'warning', code: 'stale-overlay', message: `no product '${d}' in the docs; its overlays are not applied — rename the folder to a product id or remove it` };
  });
}
