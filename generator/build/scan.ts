/**
 * Inputs of a run, by stat: the docs pages, overlays and runtime files, each with its SHA-1. A file whose size,
 * mtime and inode match what the last run recorded keeps its recorded hash and is not read.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { docsPrefix, underDocs, type Diagnostic } from '../diagnostics.js';
import { sha1 } from '../fs/manifest.js';
import { walkDocs } from '../parse/walk.js';
import type { InputStat } from './state.js';

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
