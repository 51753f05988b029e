/**
 * The products of a run: its inputs grouped by product id (docs folders get theirs from the product table or the id
 * rule; spec folders are named by id already), each product's input key, which products must be built again, and
 * their jobs. A product whose key and files are as the last run left them is taken from the cache instead.
 */
import { join } from 'node:path';
import { UsageError } from '../diagnostics.js';
import { sha1 } from '../hash.js';
import { assignIds, readProductTable, uniqueName, type ProductEntry } from '../spec/product-table.js';
import type { ProductRecord } from './cache.js';
import type { Inputs, Scanned } from './inputs.js';
import type { JobSource, PageRef, ProductJob } from './job.js';

export const TABLE_FILE = 'products.yaml';

/** Whether the file at `rel` of a tree is on disk as the last run wrote it with `hash` (by its stat). */
export type Reusable = (tree: 'spec' | 'out', rel: string, hash: string) => boolean;

export interface ProductInputs {
  folder: string;
  pages: Scanned[];
  overlays: Scanned[];
}

export interface ProductSetOptions {
  /** `spec`: the inputs are the spec folder's files (generate). */
  fromSpec: boolean;
  /** The spec folder, whose product table names the products; none for a run without one. */
  specDir?: string;
  /** Generator version: part of every key. */
  version: string;
  /** Whether client files are made: part of every key. */
  emit: boolean;
}

export class ProductSet {
  readonly byId = new Map<string, ProductInputs>();
  /** The product table as read (new products are added by settleNames). */
  readonly table: ProductEntry[];
  /** Docs folder -> product id. */
  readonly ids: ReadonlyMap<string, string>;
  readonly #entries: Map<string, ProductEntry>;
  readonly #options: ProductSetOptions;
  readonly #runtimeKey: string;

  private constructor(options: ProductSetOptions, inputs: Inputs, table: ProductEntry[]) {
    this.#options = options;
    this.table = table;
    this.#entries = new Map(table.map((e) => [e.id, e] as const));
    const folders = [...new Set(inputs.walk.pages.map((r) => r.split('/')[0]!))];
    this.ids = options.fromSpec ? new Map(folders.map((f) => [f, f] as const)) : assignIds(folders, table);
    for (const f of folders) this.byId.set(this.ids.get(f)!, { folder: f, pages: [], overlays: [] });
    for (const p of inputs.pages) this.byId.get(this.ids.get(p.rel.split('/')[0]!)!)!.pages.push(p);
    for (const o of inputs.overlays) this.byId.get(o.rel.split('/')[0]!)?.overlays.push(o);
    this.#runtimeKey = sha1(inputs.runtime.map((r) => `${r.rel}\0${r.hash}`).join('\n'));
  }

  /** Groups `inputs`; throws UsageError naming each line of a broken product table. */
  static async open(options: ProductSetOptions, inputs: Inputs): Promise<ProductSet> {
    const file = options.specDir === undefined ? undefined : join(options.specDir, TABLE_FILE);
    const table = file === undefined ? { entries: [], problems: [] } : await readProductTable(file);
    if (table.problems.length > 0) {
      throw new UsageError(
        table.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n') +
          `\nscloud-gen: fix the product table ${file} (or delete it to have it made again), then rerun`,
      );
    }
    return new ProductSet(options, inputs, table.entries);
  }

  /** Product ids, sorted. */
  sortedIds(): string[] {
    return [...this.byId.keys()].sort();
  }

  /** The runtime files' key (the root files depend on it). */
  get runtimeKey(): string {
    return this.#runtimeKey;
  }

  /** The product's table entry as read. */
  entry(id: string): ProductEntry | undefined {
    return this.#entries.get(id);
  }

  /** Everything a product's files depend on: its pages and overlays (by hash), its names, the runtime, the generator. */
  key(id: string, entry = this.entry(id)): string {
    const p = this.byId.get(id)!;
    const o = this.#options;
    return sha1(
      JSON.stringify([
        o.version,
        o.emit,
        id,
        p.folder,
        entry ?? null,
        this.#runtimeKey,
        p.pages.map((x) => [x.rel, x.hash]),
        p.overlays.map((x) => [x.rel, x.hash]),
      ]),
    );
  }

  /** Products whose key changed since `records` were made, or whose recorded files are not on disk as written. */
  stale(records: Readonly<Record<string, ProductRecord>>, reusable: Reusable): string[] {
    const onDisk = (r: ProductRecord): boolean =>
      Object.entries(r.specFiles).every(([rel, hash]) => reusable('spec', rel, hash)) &&
      (!this.#options.emit || Object.entries(r.outFiles).every(([rel, hash]) => reusable('out', rel, hash)));
    return [...this.byId.keys()].filter((id) => records[id]?.key !== this.key(id) || !onDisk(records[id])).sort();
  }

  /** A product's job, with the names it has (none: a new product, the job proposes them) and what the last run printed. */
  job(id: string, names: ProductEntry | undefined, folder: string, prior?: Record<string, [string, string]>): ProductJob {
    const refs: PageRef[] = this.byId.get(id)!.pages.map((p) => ({ rel: p.rel, hash: p.hash }));
    const source: JobSource = this.#options.fromSpec ? { specFiles: refs } : { pages: refs };
    return { id, folder, source, ...(names !== undefined ? { names } : {}), ...(prior !== undefined ? { prior } : {}) };
  }
}

/** What the last run printed of a product, for the files still on disk as it wrote them (the others are printed). */
export function priorOf(r: ProductRecord | undefined, reusable: (rel: string, hash: string) => boolean): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  if (r === undefined) return out;
  for (const [rel, key] of Object.entries(r.rendered)) {
    const hash = r.outFiles[rel];
    if (hash !== undefined && reusable(rel, hash)) out[rel] = [key, hash];
  }
  return out;
}

/** The table after this run: old entries unchanged, new products with their proposed names made unique. */
export function settleNames(table: readonly ProductEntry[], proposed: readonly ProductEntry[], ids: ReadonlyMap<string, string>): ProductEntry[] {
  const out = [...table];
  const known = new Set(table.map((e) => e.id));
  const classes = new Set(table.map((e) => e.class));
  const namespaces = new Set(table.map((e) => e.namespace));
  const folders = new Map([...ids].map(([f, id]) => [id, f] as const));
  for (const names of [...proposed].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (known.has(names.id)) continue;
    out.push({
      ...names,
      folder: folders.get(names.id) ?? names.folder,
      class: uniqueName(names.class, classes),
      namespace: uniqueName(names.namespace, namespaces),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
