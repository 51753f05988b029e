/**
 * The incremental cache: what a run remembers for the next one, in `.cache/scloud-gen/<run>/` (git-ignored; `<run>` = hash of the
 * docs, spec and output folders, so two projects never share entries):
 * - `index.json`: the stat and hash of every input (pages, overlays, product table, runtime files), the stat and
 *   hash of every file the run wrote, each product's input key and output hashes, and the last run's report,
 *   which is all a run with nothing changed needs (it reads no page and no output file);
 * - `data.bin`: parse results, appended (never rewritten whole on a change), compacted when more than half of it
 *   is dead, so it stays within 2x its live size.
 * A change of the generator's own code drops results and products but keeps the file facts (hashes and stats).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { appendFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { FileRecord } from '../fs/tree-plan.js';
import { inputStats, type InputStat, type Scanned } from './inputs.js';
import { sha1 } from '../hash.js';

/** What one product's last run produced; a product whose input key is unchanged is not parsed or emitted. */
export interface ProductRecord {
  key: string;
  /** spec rel path -> hash, output rel path -> hash. */
  specFiles: Record<string, string>;
  outFiles: Record<string, string>;
  /** output rel path -> the key of what it was rendered from (IR), so an unchanged IR is not printed again. */
  rendered: Record<string, string>;
  /** Parse diagnostics of its pages and overlays, and the emitter's warnings. */
  diagnostics: Diagnostic[];
  /** Whatever the root index and README need of it (kept opaque here). */
  summary: unknown;
  /** Pages of the product that yielded no spec, and why. */
  skipped: { source: string; reason: string }[];
}

/** What the cache keeps of a build (BuildCache.remember). */
export interface BuildMemo {
  /** The inputs as scanned (their stats are recorded when the memo is kept). */
  scanned: { pages: Scanned[]; overlays: Scanned[] };
  products: Record<string, ProductRecord>;
  globals?: { key: string; files: Record<string, string> };
}

export interface LastReport {
  diagnostics: Diagnostic[];
  /** Counters of the summary line. */
  counts: Record<string, number>;
  /** Extra report lines (foreign files kept...). */
  notes: string[];
}

export interface StateIndex {
  version: string;
  pages: Record<string, InputStat>;
  inputs: Record<string, InputStat>;
  results: Record<string, [number, number]>;
  products: Record<string, ProductRecord>;
  files: Record<string, Record<string, [string, number, number, number]>>;
  /** The client's root files (index, README, runtime copies): the key they were made from, and their hashes. */
  globals?: { key: string; files: Record<string, string> };
  last?: LastReport;
  dataSize: number;
}

const KEEP_RUNS = 4;

/** Key of one page's parse result: the page's path, bytes and product (the options are in the run's version). */
export const resultKey = (rel: string, hash: string, product: string): string => sha1(`${rel}\0${hash}\0${product}`);

function emptyIndex(version: string): StateIndex {
  return { version, pages: {}, inputs: {}, results: {}, products: {}, files: {}, dataSize: 0 };
}

export class BuildCache {
  index: StateIndex;
  readonly #dir: string | undefined;
  #fd: number | undefined;
  readonly #pending: Buffer[] = [];
  #pendingSize = 0;
  /** The index text as loaded (or last saved): an unchanged index is not written again. */
  #saved = '';

  private constructor(dir: string | undefined, index: StateIndex) {
    this.#dir = dir;
    this.index = index;
  }

  /** The state of the run keyed by `parts` under `cacheRoot` (undefined: an in-memory state never saved). */
  static async open(cacheRoot: string | undefined, parts: readonly string[], version: string): Promise<BuildCache> {
    if (cacheRoot === undefined) return new BuildCache(undefined, emptyIndex(version));
    const dir = join(cacheRoot, sha1(parts.join('\0')).slice(0, 16));
    let index: StateIndex | undefined;
    let text = '';
    try {
      text = readFileSync(join(dir, 'index.json'), 'utf8');
      index = JSON.parse(text) as StateIndex;
    } catch {
      /* no state or unreadable: start empty */
    }
    if (index === undefined || typeof index.version !== 'string' || index.files === undefined) index = emptyIndex(version);
    else if (index.version !== version) index = { ...emptyIndex(version), pages: index.pages, inputs: index.inputs, files: index.files };
    else if (!existsSync(join(dir, 'data.bin')) || statSync(join(dir, 'data.bin')).size < index.dataSize) index = { ...index, results: {}, dataSize: 0 };
    const cache = new BuildCache(dir, index);
    cache.#saved = text;
    return cache;
  }

  get persistent(): boolean {
    return this.#dir !== undefined;
  }

  /** A path inside this run's cache folder (undefined for an in-memory state), for what a run keeps beside the index. */
  path(name: string): string | undefined {
    return this.#dir === undefined ? undefined : join(this.#dir, name);
  }

  /** A parse result stored by an earlier run (or this one). */
  result<T>(key: string): T | undefined {
    const at = this.index.results[key];
    if (at === undefined) return undefined;
    if (at[0] >= this.index.dataSize) return JSON.parse(this.#pendingText(at)) as T;
    if (this.#dir === undefined) return undefined;
    try {
      this.#fd ??= openSync(join(this.#dir, 'data.bin'), 'r');
      const buf = Buffer.allocUnsafe(at[1]);
      const read = readSync(this.#fd, buf, 0, at[1], at[0]);
      return read === at[1] ? (JSON.parse(buf.toString('utf8')) as T) : this.#drop(key);
    } catch {
      // A damaged cache is a miss, never a failed build: the page is parsed again and the entry rewritten.
      return this.#drop(key);
    }
  }

  #drop(key: string): undefined {
    delete this.index.results[key];
    return undefined;
  }

  #pendingText(at: [number, number]): string {
    let offset = this.index.dataSize;
    for (const b of this.#pending) {
      if (offset === at[0]) return b.toString('utf8');
      offset += b.length;
    }
    throw new Error('internal: cache entry not found');
  }

  setResult(key: string, value: unknown): void {
    this.setResultText(key, JSON.stringify(value));
  }

  /** A result already serialised as JSON (the build jobs hand theirs over as text). */
  setResultText(key: string, json: string): void {
    const buf = Buffer.from(json, 'utf8');
    this.index.results[key] = [this.index.dataSize + this.#pendingSize, buf.length];
    this.#pending.push(buf);
    this.#pendingSize += buf.length;
  }

  /** Keeps what a build learnt (call after its trees are committed or compared), for the next run. */
  remember(memo: BuildMemo): void {
    this.index.pages = inputStats(memo.scanned.pages);
    this.index.inputs = inputStats(memo.scanned.overlays);
    this.index.products = memo.products;
    if (memo.globals !== undefined) this.index.globals = memo.globals;
  }

  /** The record of an output file as this state last saw it. */
  fileRecord(tree: string, rel: string): FileRecord | undefined {
    const r = this.index.files[tree]?.[rel];
    return r === undefined ? undefined : { hash: r[0], size: r[1], mtimeMs: r[2], ino: r[3] };
  }

  setFiles(tree: string, records: ReadonlyMap<string, FileRecord>): void {
    const out: Record<string, [string, number, number, number]> = {};
    for (const [rel, r] of [...records].sort(([a], [b]) => (a < b ? -1 : 1))) out[rel] = [r.hash, r.size, r.mtimeMs, r.ino];
    this.index.files[tree] = out;
  }

  /**
   * Drops results no page uses any more, appends the new ones, compacts `data.bin` when over half is dead, and
   * writes the index (temp file + rename). Old runs' folders beyond the most recent few are removed.
   */
  async save(liveKeys: ReadonlySet<string>): Promise<void> {
    const dir = this.#dir;
    if (dir === undefined) return;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    await mkdir(dir, { recursive: true });
    const data = join(dir, 'data.bin');
    for (const k of Object.keys(this.index.results)) if (!liveKeys.has(k)) delete this.index.results[k];
    const live = Object.values(this.index.results).reduce((n, [, len]) => n + len, 0);
    const total = this.index.dataSize + this.#pendingSize;
    // data.bin must end where the index says (dataSize) before anything is appended: after a generator change
    // (results dropped) or a run killed between the append and the index write it does not, and an append
    // there would put every new entry at the wrong offset; it is rewritten from the live entries instead.
    const onDisk = existsSync(data) ? statSync(data).size : 0;
    if (onDisk !== this.index.dataSize || (total > 2 * live && total > 1 << 20)) await this.#compact(data);
    else if (this.#pending.length > 0) {
      await appendFile(data, Buffer.concat(this.#pending));
      this.index.dataSize = total;
    }
    this.#pending.length = 0;
    this.#pendingSize = 0;
    const text = JSON.stringify(this.index);
    if (text === this.#saved) return;
    const tmp = join(dir, `index.json.${process.pid}.tmp`);
    await writeFile(tmp, text);
    await rename(tmp, join(dir, 'index.json'));
    this.#saved = text;
    await pruneRuns(join(dir, '..'), dir);
  }

  async #compact(data: string): Promise<void> {
    const entries = Object.entries(this.index.results).sort(([, a], [, b]) => a[0] - b[0]);
    const chunks: Buffer[] = [];
    let offset = 0;
    const old = existsSync(data) ? await readFile(data) : Buffer.alloc(0);
    const pending = Buffer.concat(this.#pending);
    for (const [key, [at, len]] of entries) {
      const src = at >= this.index.dataSize ? pending.subarray(at - this.index.dataSize, at - this.index.dataSize + len) : old.subarray(at, at + len);
      chunks.push(src);
      this.index.results[key] = [offset, len];
      offset += len;
    }
    const tmp = `${data}.${process.pid}.tmp`;
    const h = await open(tmp, 'w');
    await h.writeFile(Buffer.concat(chunks));
    await h.close();
    await rename(tmp, data);
    this.index.dataSize = offset;
  }
}

/** Keeps the `KEEP_RUNS` most recently used run folders of the cache. */
async function pruneRuns(root: string, current: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const runs = names
    .map((n) => join(root, n))
    .filter((p) => p !== current && existsSync(join(p, 'index.json')))
    .map((p) => ({ p, t: statSync(join(p, 'index.json')).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const r of runs.slice(KEEP_RUNS - 1)) await rm(r.p, { recursive: true, force: true });
}
