/**
 * Code cache for ts-morph (speed measure `code-cache`): its CommonJS files (ts-morph and the TypeScript it bundles,
 * 10 MB of source) are compiled on every run that prints a file; with a cache, V8 deserializes their compiled code
 * instead. Figures and the condition for deleting it: ARCHITECTURE.md.
 *
 * On a Node with its own compile cache (`module.enableCompileCache`, Node 22.1 and later) that is what is used. Node
 * 20 has none for CommonJS, so while ts-morph is required the loader's compile step is replaced for files of at
 * least `MIN_SIZE` only, which are compiled as Node compiles them (`Module.wrap`, the same five arguments) with
 * `vm.Script` and its `cachedData`. Every other file, and every file after that one require, goes through Node's
 * own loader.
 *
 * Safety (Node 20): an entry is named by the file's path, size, mtime and inode and by the Node version and
 * architecture; V8 itself rejects data of another V8, other flags or another source length, and that file is then
 * compiled normally and its entry written again. V8 does not check the rest (damaged data crashes the process), so an
 * entry starts with the SHA-1 of its data, and data that does not match is never given to V8. Entries are written to
 * a temporary name and renamed, so a reader never sees half of one. Writing an entry removes the file's older entries
 * (another version of ts-morph or Node), so the folder holds one entry per file. Any failure to read or write the
 * cache only costs the compile it would have saved.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { sha1 } from '../hash.js';
import { measureOn } from './switches.js';

/** An entry: the SHA-1 of its data (40 hex characters), then V8's data; or empty (see `writeEntry`). */
const DIGEST = 40;

/** Files smaller than this are left to Node (compiling them costs less than reading an entry). */
const MIN_SIZE = 256 * 1024;

let folder: string | undefined;
let writes = true;

/**
 * Where entries are kept (undefined: no code cache, as with `--no-cache` or `SCLOUD_GEN_OFF=code-cache`), and whether
 * a missing entry is made; set before the first print. Making entries raises the process's peak memory for good (the
 * serializer's buffers), so the big builds, whose peak is what is bounded, only read them and the next small run
 * makes them (Node 20; Node 22's own cache decides for itself).
 */
export function useCodeCache(dir: string | undefined, write = true): void {
  folder = measureOn('code-cache') ? dir : undefined;
  writes = write;
  if (folder !== undefined && platformCache()) enablePlatformCache(folder);
}

/** Node's own compile cache (`module.enableCompileCache`, Node 22.1 and later), when this Node has one. */
function platformCache(): boolean {
  return typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
}

let enabled: string | undefined;

/**
 * On a Node with its own compile cache, every module compiled from now on (ts-morph included, CommonJS and ESM) is
 * cached by Node in `<dir>/node` (Node checks its entries itself); the loader is not patched.
 */
function enablePlatformCache(dir: string): void {
  if (enabled !== undefined) return;
  enabled = dir;
  (Module as unknown as { enableCompileCache(dir: string): unknown }).enableCompileCache(join(dir, 'node'));
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
  // No folder, Node's own compile cache, or a runtime whose loader has no such compile step (Bun): plain loading.
  if (folder === undefined || platformCache() || typeof Module.wrap !== 'function' || typeof own !== 'function') return require(id) as T;
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
    for (const other of readdirSync(dir))
      if (other.startsWith(file) && other !== name && !other.includes(`.${process.pid}-`)) rmSync(join(dir, other), { force: true });
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
