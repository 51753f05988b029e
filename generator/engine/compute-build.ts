/**
 * The build, in memory: a run's inputs -> every file of the spec folder and the client folder, each with its hash
 * (and its text when it must be written). Products whose inputs are unchanged since the last run are not parsed or
 * emitted: their files' hashes come from the cache. The caller stages and commits the trees (fs/writer.ts), then
 * hands `memo` to the cache (BuildCache.remember) so the next run can skip what did not change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dedupe, docsPrefix, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { defaultEmitOptions, type EmitOptions } from '../emit/context.js';
import type { ProductSummary } from '../emit/root-files.js';
import { runtimeExports } from '../emit/runtime-exports.js';
import type { Expected } from '../fs/tree-plan.js';
import { sha1 } from '../hash.js';
import { sharedActionDiagnostics } from '../lint/shared-actions.js';
import type { ParseOptions, SkippedPage } from '../parse/result.js';
import { serializeProductTable, type ProductEntry } from '../spec/product-table.js';
import { resultKey, type BuildCache, type BuildMemo, type ProductRecord } from './cache.js';
import type { Executor } from './executors/executor.js';
import { globalsKey, makeGlobals, type GlobalsInput } from './globals.js';
import type { Inputs } from './inputs.js';
import type { JobBatch, ProductJob, ProductResult } from './job.js';
import { priorOf, ProductSet, settleNames, TABLE_FILE, type Reusable } from './product-set.js';
import { lap } from './timing.js';

export interface BuildInput {
  /** `docs`: parse the pages of `docsDir`; `spec`: read the YAML files of `specDir` (the generate command). */
  source: 'docs' | 'spec';
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
  /** Folder of the V8 code cache for ts-morph (speed/code-cache.ts); none: no code cache. */
  codeCache?: string;
  /** The client package's version (`<out>/package.json`), written into `runtime/version.ts`. */
  clientVersion?: string;
  cache: BuildCache;
  inputs: Inputs;
  /** Whether a recorded file is on disk as written (the writer's stat check); default: every recorded file is. */
  reusable?: Reusable;
  /** Receives every file as soon as it is known (a product's files when the product is done); texts are then dropped. */
  sink?: FileSink;
}

export type FileSink = (tree: 'spec' | 'out', rel: string, file: Expected) => void;

export interface BuildOutput {
  spec: Map<string, Expected>;
  out: Map<string, Expected>;
  diagnostics: Diagnostic[];
  pages: number;
  actions: number;
  products: number;
  /** Products parsed and emitted this run (the others came from the cache). */
  rebuilt: string[];
  /** Parse-result keys of every page of this run (the cache keeps only these). */
  liveKeys: Set<string>;
  /** Pages that yielded no spec (not an action, a duplicate, an error). */
  skipped: SkippedPage[];
  /** The product table after this run. */
  table: ProductEntry[];
  /** Every product's summary, sorted by product (the global files are made from them). */
  summaries: ProductSummary[];
  /** Lines for the user besides diagnostics: the docs folders that took over a product (the table changed). */
  notes: string[];
  memo: BuildMemo;
}

/** Runs the build computation on `executor`. Throws UsageError for a broken product table. */
export async function computeBuild(input: BuildInput, executor: Executor): Promise<BuildOutput> {
  const products = await openProducts(input);
  const reusable = input.reusable ?? (() => true);
  const records = input.cache.index.products;
  const jobs = products.stale(records, reusable).map((id) =>
    products.job(
      id,
      products.entry(id),
      products.entry(id)?.folder ?? products.byId.get(id)!.folder,
      priorOf(records[id], (rel, hash) => reusable('out', rel, hash)),
    ),
  );
  const batch = jobBatch(input, jobs, products);
  lap('keys');
  const take = taker(input);
  const results = await executor.run(batch, take);
  lap(executor.label);
  const table = settleNames(
    products.table,
    results.map((r) => r.names),
    products.ids,
  );
  const fresh = new Map(results.map((r) => [r.id, r] as const));
  // A new product whose proposed names clashed with another's is emitted again with the names it got.
  for (const r of results) {
    const e = table.find((x) => x.id === r.id)!;
    if (e.class === r.names.class && e.namespace === r.names.namespace) continue;
    const [again] = await executor.run({ ...batch, products: [{ ...jobs.find((j) => j.id === r.id)!, names: e }] }, take);
    fresh.set(r.id, again!);
  }
  return assemble(input, products, fresh, table);
}

/** The run's products; with client files, the alias file of the spec folder too (a broken one is a usage error). */
async function openProducts(input: BuildInput): Promise<ProductSet> {
  const aliases = input.emit ? await ProductSet.aliases(input.specDir) : [];
  return ProductSet.open(
    {
      fromSpec: input.source === 'spec',
      ...(input.specDir !== undefined ? { specDir: input.specDir } : {}),
      version: input.version,
      emit: input.emit,
      ...(aliases.length > 0 ? { aliases } : {}),
    },
    input.inputs,
  );
}

/** The batch of `jobs`: what they share, and the parse results the cache knows for their pages. */
function jobBatch(input: BuildInput, jobs: ProductJob[], products: ProductSet): JobBatch {
  const emit: EmitOptions = { ...defaultEmitOptions(), runtimeDir: input.runtimeDir };
  const cached: Record<string, string> = {};
  for (const j of jobs) {
    for (const p of products.byId.get(j.id)!.pages) {
      const key = resultKey(p.rel, p.hash, j.id);
      const known = input.cache.result<unknown>(key);
      if (known !== undefined) cached[key] = JSON.stringify(known);
    }
  }
  const env = {
    docsDir: input.docsDir,
    prefix: docsPrefix(input.docsDir),
    parse: input.parse,
    runtime: runtimeExports(input.runtimeDir).perProduct,
    ...(input.emit ? { emit } : {}),
    ...(input.overridesDir !== undefined ? { overridesDir: input.overridesDir } : {}),
    ...(input.source === 'spec' ? { specDir: input.specDir! } : {}),
    ...(input.codeCache !== undefined ? { codeCache: input.codeCache } : {}),
  };
  return { env, products: jobs, cached };
}

/** A product's result as it arrives: parse results into the cache, files to the sink (then their texts go). */
function taker(input: BuildInput): (r: ProductResult) => void {
  return (r) => {
    for (const [k, v] of Object.entries(r.results)) input.cache.setResultText(k, v);
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
}

/** Each product's part of the output, fresh or recorded; the cross-product checks; the table; the global files. */
function assemble(input: BuildInput, products: ProductSet, fresh: ReadonlyMap<string, ProductResult>, table: ProductEntry[]): BuildOutput {
  const records = input.cache.index.products;
  const parts = gather(input, products.sortedIds(), fresh, records);
  const prefix = docsPrefix(input.docsDir);
  parts.diagnostics.push(
    ...input.inputs.walk.diagnostics,
    ...sharedActionDiagnostics(parts.actions, prefix),
    ...staleOverlayProducts(input, products),
    ...products.warnings,
    ...products.strayAliases(),
  );
  if (input.specDir !== undefined && input.source !== 'spec') give(input, parts.spec, 'spec', TABLE_FILE, withHash(serializeProductTable(table)));
  const memo: BuildMemo = {
    scanned: { pages: input.inputs.pages, overlays: input.inputs.overlays },
    products: productRecords(products, fresh, records, table, input.source === 'spec'),
  };
  if (input.emit)
    memo.globals = globals(input, parts.out, {
      version: input.version,
      summaries: parts.summaries,
      root: runtimeExports(input.runtimeDir).root,
      runtimeKey: products.runtimeKey,
      emit: { ...defaultEmitOptions(), runtimeDir: input.runtimeDir },
      ...(input.clientVersion !== undefined ? { clientVersion: input.clientVersion } : {}),
    });
  const liveKeys = new Set([...products.byId].flatMap(([id, p]) => p.pages.map((x) => resultKey(x.rel, x.hash, id))));
  return {
    spec: parts.spec,
    out: parts.out,
    diagnostics: sortDiagnostics(dedupe(parts.diagnostics)),
    pages: input.inputs.pages.length,
    actions: parts.actions.length,
    products: products.byId.size,
    rebuilt: [...fresh.keys()].sort(),
    liveKeys,
    skipped: parts.skipped.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)),
    table,
    summaries: parts.summaries,
    notes: products.moves,
    memo,
  };
}

interface Parts {
  spec: Map<string, Expected>;
  out: Map<string, Expected>;
  diagnostics: Diagnostic[];
  summaries: ProductSummary[];
  actions: { product: string; action: string; source: string }[];
  skipped: SkippedPage[];
}

/** Every product's files, diagnostics and summary, by product id: from this run's result, else from its record. */
function gather(input: BuildInput, ids: readonly string[], fresh: ReadonlyMap<string, ProductResult>, records: Readonly<Record<string, ProductRecord>>): Parts {
  const parts: Parts = { spec: new Map(), out: new Map(), diagnostics: [], summaries: [], actions: [], skipped: [] };
  for (const id of ids) {
    const r = fresh.get(id);
    if (r !== undefined) {
      // With a sink these went to it as the product was made (texts dropped): keep the hashes.
      for (const f of r.specFiles) parts.spec.set(f.rel, input.sink === undefined ? { hash: f.hash, text: f.text } : { hash: f.hash });
      for (const [rel, o] of r.files) parts.out.set(rel, o);
      parts.diagnostics.push(...r.diagnostics);
      parts.summaries.push(r.summary);
      parts.actions.push(...r.actions.map((a) => ({ ...a, product: id })));
      parts.skipped.push(...r.skipped);
      continue;
    }
    const rec = records[id]!;
    for (const [rel, hash] of Object.entries(rec.specFiles)) give(input, parts.spec, 'spec', rel, { hash });
    for (const [rel, hash] of Object.entries(rec.outFiles)) give(input, parts.out, 'out', rel, { hash });
    parts.diagnostics.push(...rec.diagnostics);
    const summary = rec.summary as ProductSummary & { sources?: { action: string; source: string }[] };
    parts.summaries.push(summary);
    parts.actions.push(...(summary.sources ?? []).map((a) => ({ ...a, product: id })));
    parts.skipped.push(...(rec.skipped as SkippedPage[]));
  }
  return parts;
}

/** Puts a file into a tree's map and hands it to the sink. */
function give(input: BuildInput, tree: Map<string, Expected>, name: 'spec' | 'out', rel: string, e: Expected): void {
  tree.set(rel, e);
  input.sink?.(name, rel, e);
}

const withHash = (text: string): Expected => ({ hash: sha1(text), text });

/** The root index, README and runtime copies: made again only when what they are made from changed. */
function globals(input: BuildInput, out: Map<string, Expected>, g: GlobalsInput): { key: string; files: Record<string, string> } {
  const key = globalsKey(g);
  const known = input.cache.index.globals;
  const reusable = input.reusable ?? (() => true);
  const files: Record<string, string> = {};
  const add = (rel: string, e: Expected): void => {
    files[rel] = e.hash;
    give(input, out, 'out', rel, e);
  };
  if (known?.key === key && Object.entries(known.files).every(([rel, hash]) => reusable('out', rel, hash)))
    for (const [rel, hash] of Object.entries(known.files)) add(rel, { hash });
  else for (const [rel, text] of makeGlobals(g)) add(rel, withHash(text));
  return { key, files };
}

/** What the cache keeps of each product: this run's result, or the record it came from. */
function productRecords(
  products: ProductSet,
  fresh: ReadonlyMap<string, ProductResult>,
  records: Readonly<Record<string, ProductRecord>>,
  table: readonly ProductEntry[],
  fromSpec: boolean,
): Record<string, ProductRecord> {
  const out: Record<string, ProductRecord> = {};
  for (const id of products.byId.keys()) {
    const r = fresh.get(id);
    if (r === undefined) {
      out[id] = records[id]!;
      continue;
    }
    // The next run reads the table this run writes: remember each product under the entry it ends up with.
    out[id] = {
      key: products.key(id, fromSpec ? products.entry(id) : table.find((e) => e.id === id)),
      specFiles: Object.fromEntries(r.specFiles.map((f) => [f.rel, f.hash])),
      outFiles: Object.fromEntries(r.files.map(([rel, o]) => [rel, o.hash])),
      rendered: r.rendered,
      diagnostics: r.diagnostics,
      summary: { ...r.summary, sources: r.actions },
      skipped: r.skipped,
    };
  }
  return out;
}

/** Overlay folders naming a product the docs do not have. */
function staleOverlayProducts(input: BuildInput, products: ProductSet): Diagnostic[] {
  if (input.overridesDir === undefined) return [];
  const overridesDir = input.overridesDir;
  const overlays = input.inputs.overlays;
  const dirs = new Set(overlays.map((o) => o.rel.split('/')[0]!));
  // A folder of waiter definitions only is kept for when the product is documented (as for a missing action).
  const waitersOnly = (d: string): boolean =>
    overlays
      .filter((o) => o.rel.startsWith(`${d}/`))
      .every((o) => {
        const keys = readFileSync(join(overridesDir, o.rel), 'utf8')
          .split('\n')
          .map((l) => /^([A-Za-z_]\w*)\s*:/.exec(l)?.[1])
          .filter((k) => k !== undefined);
        return keys.length > 0 && keys.every((k) => k === 'waiters');
      });
  return [...dirs]
    .filter((d) => !products.byId.has(d))
    .sort()
    .map((d): Diagnostic => {
      const file = join(overridesDir, d).split('\\').join('/');
      return waitersOnly(d)
        ? {
            file,
            line: 0,
            col: 0,
            severity: 'info',
            code: 'unused-waiter',
            message: `no product '${d}' in these docs; its waiters apply when it is documented`,
          }
        : {
            file,
            line: 0,
            col: 0,
            severity: 'warning',
            code: 'stale-overlay',
            message: `no product '${d}' in the docs; its overlays are not applied — rename the folder to a product id or remove it`,
          };
    });
}

/**
 * Texts for files of a tree whose recorded hash was not on disk after all (the writer could not link them): their
 * products are emitted again, with no prior renders, and the global files made again when one of them is asked for.
 */
export async function refill(
  input: BuildInput,
  build: BuildOutput,
  executor: Executor,
  tree: 'spec' | 'out',
  rels: readonly string[],
): Promise<Map<string, Expected>> {
  const wanted = new Set(rels);
  const found = new Map<string, Expected>();
  const products = await openProducts(input);
  if (tree === 'out' && build.memo.globals !== undefined && rels.some((r) => build.memo.globals!.files[r] !== undefined)) {
    const g = {
      version: input.version,
      summaries: build.summaries,
      root: runtimeExports(input.runtimeDir).root,
      runtimeKey: products.runtimeKey,
      emit: { ...defaultEmitOptions(), runtimeDir: input.runtimeDir },
      ...(input.clientVersion !== undefined ? { clientVersion: input.clientVersion } : {}),
    };
    for (const [rel, text] of makeGlobals(g)) if (wanted.has(rel)) found.set(rel, withHash(text));
  }
  const ids = [...new Set(rels.map((r) => r.split('/')[0]!))].filter((id) => products.byId.has(id));
  const jobs = ids.map((id) =>
    products.job(
      id,
      build.table.find((e) => e.id === id),
      products.byId.get(id)!.folder,
    ),
  );
  for (const r of await executor.run(jobBatch(input, jobs, products))) {
    const files = new Map<string, { hash: string; text?: string }>([...r.specFiles.map((f) => [f.rel, f] as const), ...r.files]);
    for (const rel of rels) {
      const f = files.get(rel);
      if (f?.text !== undefined) found.set(rel, { hash: f.hash, text: f.text });
    }
  }
  lap('fill');
  return found;
}
