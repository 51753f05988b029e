/**
 * V8 code cache for ts-morph: its CommonJS files (ts-morph and the TypeScript it bundles, 10 MB of source) take
 * ~0.15 s to compile on every run that prints a file, a fifth of a one-page update. With an entry made by an
 * earlier run, V8 deserializes their compiled code instead: loading ts-morph takes 0.12-0.14 s instead of
 * 0.26-0.29 s, with the same memory.
 *
 * Node 20 has no compile cache for CommonJS (`module.enableCompileCache` is Node 22), so while ts-morph is
 * required, the loader's compile step is replaced for files of at least `MIN_SIZE` only, which are compiled as
 * Node compiles them (`Module.wrap`, the same five arguments) with `vm.Script` and its `cachedData`. Every other
 * file, and every file after that one require, goes through Node's own loader.
 *
 * Safety: an entry is named by the file's path, size, mtime and inode and by the Node version and architecture;
 * V8 itself rejects data of another V8, other flags or another source length, and that file is then compiled
 * normally and its entry written again. V8 does not check the rest (damaged data crashes the process), so an
 * entry starts with the SHA-1 of its data, and data that does not match is never given to V8. Entries are
 * written to a temporary name and renamed, so a reader never sees half of one. Writing an entry removes the
 * file's older entries (another version of ts-morph or Node), so the folder holds one entry per file (~3 MB in
 * all). Any failure to read or write the cache only costs the compile it would have saved.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { sha1 } from '../hash.js';

/** An entry: the SHA-1 of its data (40 hex characters), then V8's data; or empty (see `writeEntry`). */
const DIGEST = 40;

/** Files smaller than this are left to Node (compiling them costs less than reading an entry). */
const MIN_SIZE = 256 * 1024;

let folder: string | undefined;
let writes = true;

/**
 * Where entries are kept (undefined: no code cache, as with `--no-cache`), and whether a missing entry is made;
 * set before the first print. Making the entries takes ~35 ms and raises the process's peak memory by ~25 MB for
 * good (the serializer's buffers; RSS does not come back down), so the big builds, whose peak is what is bounded,
 * only read them and the next small run makes them.
 */
export function useCodeCache(dir: string | undefined, write = true): void {
  folder = dir;
  writes = write;
}

/** What one require did with the cache, for tests: files compiled from an entry, and entries written. */
export interface CacheUse {
  hits: string[];
  written: string[];
}

export const lastUse: CacheUse = { hits: [], written: [] };

interface Loader {
  _compile(this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]): unknown;
}

/** `require(id)` from the module at `fromUrl`, with the big files it loads compiled from (and into) the cache. */
export function requireCached<T>(id: string, fromUrl: string): T {
  const require = createRequire(fromUrl);
  lastUse.hits = [];
  lastUse.written = [];
  const proto = (Module as unknown as { prototype: Partial<Loader> }).prototype;
  const own = proto._compile;
  // No folder, or a runtime whose loader has no such compile step (Bun): Node's (or its) own loading.
  if (folder === undefined || typeof Module.wrap !== 'function' || typeof own !== 'function') return require(id) as T;
  const dir = folder;
  const write = writes;
  proto._compile = function (this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]) {
    if (content.length < MIN_SIZE) return own.call(this, content, filename, ...rest);
    return compileCached(this, own, { content, filename, dir, write }, rest);
  };
  try {
    return require(id) as T;
  } finally {
    proto._compile = own;
  }
}

interface Job {
  content: string;
  filename: string;
  dir: string;
  write: boolean;
}

function compileCached(module: NodeJS.Module, own: Loader['_compile'], { content, filename, dir, write }: Job, rest: unknown[]): unknown {
  const entry = entryPath(dir, filename);
  const cachedData = entry === undefined ? undefined : readEntry(entry);
  // Nothing to read (or a damaged entry) and nothing to make: Node's own compile.
  if (cachedData === undefined && !write) return own.call(module, content, filename, ...rest);
  // An empty entry: this file's code cache would be larger than its source (@ts-morph/common is mostly the text of
  // TypeScript's lib files, which the cache stores again); Node compiles it.
  if (cachedData?.length === 0) return own.call(module, content, filename, ...rest);
  const script = new Script(Module.wrap(content), { filename, ...(cachedData !== undefined ? { cachedData } : {}) });
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  const result = fn.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  if (cachedData !== undefined && script.cachedDataRejected !== true) lastUse.hits.push(filename);
  // Made after the module ran: the entry then holds the functions its loading compiled too.
  else if (write && entry !== undefined && writeEntry(entry, script.createCachedData(), content.length)) lastUse.written.push(filename);
  return result;
}

/** The entry of `filename` in `dir` (`<file>-<version>.v8`), or undefined when the file cannot be stat'ed. */
function entryPath(dir: string, filename: string): string | undefined {
  try {
    const s = statSync(filename);
    return join(dir, `${sha1(filename).slice(0, 16)}-${sha1([s.size, s.mtimeMs, s.ino, process.version, process.arch].join('\0')).slice(0, 16)}.v8`);
  } catch {
    return undefined;
  }
}

/** V8's data of an entry (empty: compile normally), or undefined when there is none or it is damaged. */
function readEntry(entry: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(entry);
  } catch {
    return undefined;
  }
  if (bytes.length === 0) return bytes;
  const data = bytes.subarray(DIGEST);
  return bytes.length > DIGEST && sha1(data) === bytes.toString('latin1', 0, DIGEST) ? data : undefined;
}

/**
 * Writes the entry (empty when `data` is larger than the source: not worth reading), then removes the same file's
 * other entries (and temporary files a killed run left).
 */
function writeEntry(entry: string, data: Buffer, sourceLength: number): boolean {
  const dir = dirname(entry);
  const name = entry.slice(dir.length + 1);
  const tmp = `${entry}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data.length > sourceLength ? Buffer.alloc(0) : Buffer.concat([Buffer.from(sha1(data), 'latin1'), data]));
    renameSync(tmp, entry);
    const file = name.slice(0, name.indexOf('-') + 1);
    for (const other of readdirSync(dir)) if (other.startsWith(file) && other !== name && !other.includes(`.${process.pid}-`)) rmSync(join(dir, other), { force: true });
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
