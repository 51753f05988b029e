/**
 * Inputs of a run, by stat: the docs pages, overlays and runtime files, each with its SHA-1. A file whose size,
 * mtime and inode match what the last run recorded keeps its recorded hash and is not read.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { docsPrefix, underDocs, UsageError, type Diagnostic } from '../diagnostics.js';
import { sha1 } from '../hash.js';
import { walkDocs } from '../parse/walk.js';

/** `[size, mtimeMs, ino, hash]` of an input file. */
export type InputStat = [number, number, number, string];

export interface Scanned {
  rel: string;
  size: number;
  mtimeMs: number;
  ino: number;
  hash: string;
}

/** A stat taken this close (ms) to the file's mtime may miss a later write in the same tick: not trusted later. */
const RACY_MS = 2_000;

/**
 * `<dir>/<folder>/<page>.md` for every product folder (dot-folders skipped), sorted, symlinks followed (the
 * parser's walk); its diagnostics name files as `<dir>/<rel>`.
 */
export async function listDocPages(dir: string): Promise<{ pages: string[]; diagnostics: Diagnostic[] }> {
  const { pages, diagnostics } = await walkDocs(dir);
  const prefix = docsPrefix(dir);
  return { pages, diagnostics: diagnostics.map((d) => underDocs(d, prefix)) };
}

/** Files under `dir` whose relative path passes `keep` (recursive, dot-entries skipped), sorted; none when absent. */
export async function listFilesUnder(dir: string, keep: (rel: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw e;
    }
    await Promise.all(
      entries.map(async (e) => {
        if (e.name.startsWith('.')) return;
        const r = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) await visit(r);
        else if (e.isFile() && keep(r)) out.push(r);
      }),
    );
  };
  await visit('');
  return out.sort();
}

/** Stats every file and hashes those whose stat differs from `known` (synchronously: cheaper than the thread pool here). */
export async function scanFiles(dir: string, rels: readonly string[], known: Readonly<Record<string, InputStat>>): Promise<Scanned[]> {
  return rels.map((rel) => {
    const s = statSync(join(dir, rel));
    const k = known[rel];
    const hash = k !== undefined && k[0] === s.size && k[1] === s.mtimeMs && k[2] === s.ino ? k[3] : sha1(readFileSync(join(dir, rel)));
    return { rel, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, hash };
  });
}

/** The records to keep for next time (stats too close to the file's mtime are stored as untrusted). */
export function inputStats(files: readonly Scanned[], now = Date.now()): Record<string, InputStat> {
  const out: Record<string, InputStat> = {};
  for (const f of files) out[f.rel] = [f.size, now - f.mtimeMs < RACY_MS ? -1 : f.mtimeMs, f.ino, f.hash];
  return out;
}

/** What scanInputs reads: the run's folders and the stats the last run recorded. */
export interface ScanInput {
  /** `spec`: the inputs are the spec folder's YAML files (the generate command). */
  source?: 'docs' | 'spec';
  docsDir: string;
  specDir?: string;
  overridesDir?: string;
  runtimeDir: string;
  /** The stats the last run recorded of the pages and of the overlays (BuildCache.index). */
  known: { pages: Record<string, InputStat>; inputs: Record<string, InputStat> };
}

/** The inputs of a run (inputs.ts): its pages (or spec files), overlays and runtime files, by stat and hash. */
export interface Inputs {
  walk: { pages: string[]; diagnostics: Diagnostic[] };
  pages: Scanned[];
  overlays: Scanned[];
  runtime: Scanned[];
}

/** Lists and scans a run's inputs. Throws UsageError for a docs folder without pages. */
export async function scanInputs(input: ScanInput): Promise<Inputs> {
  const fromSpec = input.source === 'spec';
  const walk = fromSpec
    ? { pages: await listFilesUnder(input.specDir!, (r) => /^[^/]+\/[^/]+\.yaml$/.test(r)), diagnostics: [] }
    : await listDocPages(input.docsDir);
  if (walk.pages.length === 0 && !fromSpec) throw noPages(input.docsDir, await listFilesUnder(input.docsDir, (r) => r.toLowerCase().endsWith('.md')));
  const pages = await scanFiles(fromSpec ? input.specDir! : input.docsDir, walk.pages, input.known.pages);
  const overlays =
    input.overridesDir === undefined
      ? []
      : await scanFiles(input.overridesDir, await listFilesUnder(input.overridesDir, (r) => /^[^/]+\/[^/]+\.ya?ml$/.test(r)), input.known.inputs);
  const runtime = await scanFiles(input.runtimeDir, await listFilesUnder(input.runtimeDir, (r) => r.endsWith('.ts') && !r.endsWith('.test.ts')), {});
  return { walk, pages, overlays, runtime };
}

/**
 * Pages (and overlays) added, changed or gone since the last run: about what the run will parse, known before
 * the products' keys are (a changed runtime, or an output file that is not as written, is not seen here).
 */
export function changedInputs(inputs: Inputs, known: ScanInput['known']): number {
  const changedIn = (files: readonly Scanned[], known: Readonly<Record<string, InputStat>>): number => {
    let added = 0;
    let changed = 0;
    for (const f of files) {
      const k = known[f.rel];
      if (k === undefined) added++;
      else if (k[3] !== f.hash) changed++;
    }
    const gone = Object.keys(known).length - (files.length - added);
    return added + changed + gone;
  };
  return changedIn(inputs.pages, known.pages) + changedIn(inputs.overlays, known.inputs);
}

/** 0 pages: a usage error that names the folder and says what a docs folder looks like. */
function noPages(dir: string, nested: readonly string[]): UsageError {
  const direct = nested.filter((r) => !r.includes('/'));
  const hint =
    direct.length > 0
      ? `it holds ${direct.length} page(s) directly (${direct.slice(0, 2).join(', ')}${direct.length > 2 ? ', ...' : ''}), so it looks like one product folder: pass its parent, ${resolve(dir, '..')}`
      : nested.length > 0
        ? `its pages are nested deeper (${nested[0]}); pass the folder whose sub-folders are the products`
        : 'it holds no .md page at all';
  return new UsageError(
    `scloud-gen: --docs '${dir}' has no pages in <product>/<page>.md form (0 pages): ${hint}. A docs folder has one sub-folder per product (uhost-api/, ulb-api/, ...), each with one Markdown page per action.`,
  );
}
