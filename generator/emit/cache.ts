/**
 * Output cache: hash of a file's emitter input (its IR or unformatted text) -> final formatted text.
 * The cache key also covers the emitter's own sources, the templates and the ts-morph/prettier versions,
 * so a change to any of them invalidates everything. Stored in `.cache/scloud-gen/` (git-ignored);
 * only entries used by the last run are kept, so it never grows without bound.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './context.js';

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

let emitterHash: string | undefined;

/** Hash of everything that decides how an IR becomes text. */
export function emitterVersion(templatesDir: string): string {
  if (emitterHash !== undefined) return emitterHash;
  const versions = ['ts-morph', 'prettier'].map((pkg) => {
    try {
      return readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8');
    } catch {
      return `${pkg}:?`;
    }
  });
  emitterHash = hashFiles([join(REPO_ROOT, 'generator', 'emit'), templatesDir], versions);
  return emitterHash;
}

/** Hash of every file directly in `dirs` (sorted), plus extra strings: a cheap fingerprint of sources. */
export function hashFiles(dirs: string[], extra: string[] = []): string {
  const h = createHash('sha1');
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
    } catch {
      h.update(`${dir}:missing`);
      continue;
    }
    for (const f of names) h.update(f).update(readFileSync(join(dir, f)));
  }
  for (const e of extra) h.update(e);
  return h.digest('hex');
}

/** Size cap of the cache file (characters of cached text). */
const MAX_CHARS = 48 * 2 ** 20;

/** Cache of one run: open with `openCache(file)`, read/write entries, `save()` at the end. */
export class OutputCache {
  private old = new Map<string, string>();
  private readonly used = new Map<string, string>();
  hits = 0;
  misses = 0;
  constructor(private readonly file: string | undefined, private readonly version = 'v1') {}

  async load(): Promise<void> {
    if (this.file === undefined) return;
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as { version?: string; entries?: Record<string, string> };
      if (data.version === this.version && data.entries !== undefined) this.old = new Map(Object.entries(data.entries));
    } catch {
      /* no cache or unreadable: start empty */
    }
  }

  get(key: string): string | undefined {
    const v = this.used.get(key) ?? this.old.get(key);
    if (v !== undefined) {
      this.hits++;
      this.used.set(key, v);
    } else this.misses++;
    return v;
  }

  /** True when `key` is cached (no hit/miss counting). */
  has(key: string): boolean {
    return this.used.has(key) || this.old.has(key);
  }

  set(key: string, value: string): void {
    this.used.set(key, value);
  }

  /** Persist the entries used by this run (written to a temp file, then renamed); no write when nothing was new. */
  async save(): Promise<void> {
    if (this.file === undefined || this.misses === 0) return;
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const keep = new Map(this.used);
    let size = [...keep.values()].reduce((n, v) => n + v.length, 0);
    for (const [k, v] of this.old) {
      if (keep.has(k) || size + v.length > MAX_CHARS) continue;
      keep.set(k, v);
      size += v.length;
    }
    const entries = Object.fromEntries([...keep].sort(([a], [b]) => (a < b ? -1 : 1)));
    await writeFile(tmp, JSON.stringify({ version: this.version, entries }));
    await rename(tmp, this.file);
  }
}

/** Open (and load) the cache; `undefined` file: an in-memory cache that is never saved. */
export async function openCache(file: string | undefined): Promise<OutputCache> {
  const c = new OutputCache(file);
  await c.load();
  return c;
}
