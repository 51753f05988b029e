/**
 * The products of a run: its inputs grouped by product id (docs folders get theirs from the product table or the id
 * rule; spec folders are named by id already), each product's input key, which products must be built again, and
 * their jobs. A product whose key and files are as the last run left them is taken from the cache instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError, type Diagnostic } from '../diagnostics.js';
import { sha1 } from '../hash.js';
import { assignIds, readProductTable, uniqueName, type MoveEvidence, type ProductEntry, type ProductTable } from '../spec/product-table.js';
import { ALIASES_FILE, readAliases, type AliasEntry } from '../spec/aliases.js';
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
  /** The alias file's entries (old names of renamed models): part of their product's key. */
  aliases?: readonly AliasEntry[];
}

export class ProductSet {
  readonly byId = new Map<string, ProductInputs>();
  /** The product table as read, with the entries a new folder took over pointing at it (new products are added by settleNames). */
  readonly table: ProductEntry[];
  /** Docs folder -> product id. */
  readonly ids: ReadonlyMap<string, string>;
  /** Moves left undecided, as warnings on the product table's lines. */
  readonly warnings: Diagnostic[] = [];
  /** One line per move recognised (the run prints them: the table changes). */
  readonly moves: string[] = [];
  readonly #entries: Map<string, ProductEntry>;
  readonly #options: ProductSetOptions;
  readonly #runtimeKey: string;

  private constructor(options: ProductSetOptions, inputs: Inputs, read: ProductTable) {
    this.#options = options;
    const folders = [...new Set(inputs.walk.pages.map((r) => r.split('/')[0]!))];
    if (options.fromSpec) {
      this.ids = new Map(folders.map((f) => [f, f] as const));
      this.table = read.entries;
    } else {
      const assigned = assignIds(folders, read.entries, moveEvidence(options.specDir, read.entries, folders, inputs.walk.pages));
      this.ids = assigned.ids;
      this.table = read.entries.map((e) => (assigned.moved.has(e.id) ? { ...e, folder: assigned.moved.get(e.id)! } : e));
      this.warnings.push(...ambiguousMoves(options.specDir, read, assigned.ambiguous));
      const was = new Map(read.entries.map((e) => [e.id, e.folder] as const));
      for (const [id, folder] of assigned.moved)
        this.moves.push(
          `docs folder '${was.get(id)}' is gone and '${folder}' takes over its product: id '${id}' (scloud-sdk/${id}) and names kept, folder updated in the product table`,
        );
    }
    this.#entries = new Map(this.table.map((e) => [e.id, e] as const));
    for (const f of folders) this.byId.set(this.ids.get(f)!, { folder: f, pages: [], overlays: [] });
    for (const p of inputs.pages) this.byId.get(this.ids.get(p.rel.split('/')[0]!)!)!.pages.push(p);
    for (const o of inputs.overlays) this.byId.get(o.rel.split('/')[0]!)?.overlays.push(o);
    this.#runtimeKey = sha1(inputs.runtime.map((r) => `${r.rel}\0${r.hash}`).join('\n'));
  }

  /** Groups `inputs`; throws UsageError naming each line of a broken product table. */
  static async open(options: ProductSetOptions, inputs: Inputs): Promise<ProductSet> {
    const file = options.specDir === undefined ? undefined : join(options.specDir, TABLE_FILE);
    const table: ProductTable = file === undefined ? { entries: [], problems: [], lines: new Map() } : await readProductTable(file);
    if (table.problems.length > 0) {
      throw new UsageError(
        table.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n') +
          `\nscloud-gen: fix the product table ${file} (or delete it to have it made again), then rerun`,
      );
    }
    return new ProductSet(options, inputs, table);
  }

  /** The alias file of `specDir` (none: no alias); throws UsageError naming each line of a broken one. */
  static async aliases(specDir: string | undefined): Promise<AliasEntry[]> {
    if (specDir === undefined) return [];
    const file = join(specDir, ALIASES_FILE);
    const { entries, problems } = await readAliases(file);
    if (problems.length > 0) {
      throw new UsageError(
        problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n') +
          `\nscloud-gen: fix the alias file ${file} (README: names that survive renames), then rerun`,
      );
    }
    return entries;
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
        (o.aliases ?? []).filter((a) => a.product === id),
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

  /** A product's job, with the names it has (none: a new product, the job proposes them), its aliases and what the last run printed. */
  job(id: string, names: ProductEntry | undefined, folder: string, prior?: Record<string, [string, string]>): ProductJob {
    const refs: PageRef[] = this.byId.get(id)!.pages.map((p) => ({ rel: p.rel, hash: p.hash }));
    const source: JobSource = this.#options.fromSpec ? { specFiles: refs } : { pages: refs };
    const aliases = (this.#options.aliases ?? []).filter((a) => a.product === id);
    const file = this.#options.specDir === undefined ? ALIASES_FILE : join(this.#options.specDir, ALIASES_FILE).split('\\').join('/');
    return {
      id,
      folder,
      source,
      ...(names !== undefined ? { names } : {}),
      ...(prior !== undefined ? { prior } : {}),
      ...(aliases.length > 0 ? { aliases: { file, entries: aliases } } : {}),
    };
  }

  /** Alias entries of products this run does not have: diagnostics on their lines. */
  strayAliases(): Diagnostic[] {
    const file = this.#options.specDir === undefined ? ALIASES_FILE : join(this.#options.specDir, ALIASES_FILE).split('\\').join('/');
    return (this.#options.aliases ?? [])
      .filter((a) => !this.byId.has(a.product))
      .map((a) => ({
        file,
        line: a.line,
        col: 0,
        severity: 'error' as const,
        code: 'stale-alias',
        message: `alias '${a.old}' -> '${a.new}' names product '${a.product}', which these docs do not have: delete the entry (or fix the product id)`,
      }));
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

/**
 * What recognises a folder move by its pages: the page file names of each gone entry's specs (the `source:` line of
 * `<spec>/<id>/*.yaml`) and of each docs folder. Read only when some entry's folder is gone and some folder is new.
 */
function moveEvidence(
  specDir: string | undefined,
  table: readonly ProductEntry[],
  folders: readonly string[],
  pages: readonly string[],
): MoveEvidence | undefined {
  const present = new Set(folders);
  const known = new Set(table.map((e) => e.folder));
  const gone = table.filter((e) => !present.has(e.folder));
  if (specDir === undefined || gone.length === 0 || folders.every((f) => known.has(f))) return undefined;
  const gonePages = new Map<string, string[]>();
  for (const e of gone) {
    let files: string[];
    try {
      files = readdirSync(join(specDir, e.id)).filter((f) => f.endsWith('.yaml'));
    } catch {
      continue; // its specs were removed by an earlier run: only the id rule can move it
    }
    const sources = files.map((f) => /^source: *"?([^"\n]*)"?$/m.exec(readFileSync(join(specDir, e.id, f), 'utf8'))?.[1]);
    gonePages.set(e.id, [...new Set(sources.filter((x) => x !== undefined).map((x) => basename(x)))]);
  }
  const folderPages = new Map<string, string[]>();
  for (const rel of pages) {
    const [folder = '', page = ''] = rel.split('/');
    if (!known.has(folder)) folderPages.set(folder, [...(folderPages.get(folder) ?? []), page]);
  }
  return { gonePages, folderPages };
}

/** A warning per gone entry whose move is ambiguous, on the entry's line of the table. */
function ambiguousMoves(specDir: string | undefined, read: ProductTable, ambiguous: readonly { id: string; folders: string[] }[]): Diagnostic[] {
  if (specDir === undefined) return [];
  const file = join(specDir, TABLE_FILE).split('\\').join('/');
  const was = new Map(read.entries.map((e) => [e.id, e.folder] as const));
  return ambiguous.map(({ id, folders }): Diagnostic => ({
    file,
    line: read.lines.get(id) ?? 0,
    col: 0,
    severity: 'warning',
    code: 'ambiguous-move',
    message:
      `docs folder '${was.get(id)}' of product '${id}' is gone and its pages are in ${folders.map((f) => `'${f}'`).join(' and ')}` +
      `${folders.length === 1 ? ", which holds another gone product's pages too" : ''}: none takes over id '${id}' — to keep it, set this entry's folder to the one that replaces it`,
  }));
}
