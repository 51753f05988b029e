/**
 * Output folder writes: incremental (unchanged files are not touched), stale generated files removed,
 * and staged: every changed file is written to a sibling temp folder first, then renamed into place,
 * so a failure while writing never leaves a half-written file (renames are atomic per file).
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isGeneratedText } from './header.js';

export interface TreeDiff {
  /** Present with different content. */
  stale: string[];
  /** Expected, not on disk. */
  missing: string[];
  /** On disk, not expected (only files carrying the generated header, or every file when `allExtra`). */
  extra: string[];
  unchanged: string[];
  /** Extra files without the generated header: never deleted, reported. */
  foreign: string[];
}

export interface WriteResult {
  written: string[];
  unchanged: number;
  removed: string[];
  foreign: string[];
}

/** Decides whether an unexpected file in the output folder is ours to delete. */
export type Owns = (rel: string, text: string) => boolean;

/** Default: a file is ours when it carries the generated header. */
export const ownsGenerated: Owns = (_rel, text) => isGeneratedText(text);

/** Every file under `dir`, relative POSIX paths, sorted; dot-entries (temp folders) skipped. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}

/** Compare the expected files with what `dir` holds. */
export async function diffTree(dir: string, files: Map<string, string>, owns: Owns = ownsGenerated): Promise<TreeDiff> {
  const onDisk = await listFiles(dir);
  const present = new Set(onDisk);
  const diff: TreeDiff = { stale: [], missing: [], extra: [], unchanged: [], foreign: [] };
  const contents = await Promise.all(
    [...files.keys()].sort().map(async (rel) => [rel, present.has(rel) ? await readFile(join(dir, rel), 'utf8') : undefined] as const),
  );
  for (const [rel, old] of contents) {
    if (old === undefined) diff.missing.push(rel);
    else if (old === files.get(rel)) diff.unchanged.push(rel);
    else diff.stale.push(rel);
  }
  for (const rel of onDisk) {
    if (files.has(rel)) continue;
    const text = await readFile(join(dir, rel), 'utf8');
    (owns(rel, text) ? diff.extra : diff.foreign).push(rel);
  }
  return diff;
}

/** Write only what changed; remove generated files no longer produced; keep (and report) foreign files. */
export async function writeIncremental(dir: string, files: Map<string, string>, owns: Owns = ownsGenerated): Promise<WriteResult> {
  const diff = await diffTree(dir, files, owns);
  const changed = [...diff.stale, ...diff.missing].sort();
  if (changed.length > 0) await stageAndRename(dir, changed, files);
  for (const rel of diff.extra) await rm(join(dir, rel), { force: true });
  await removeEmptyDirs(dir, diff.extra);
  return { written: changed, unchanged: diff.unchanged.length, removed: diff.extra, foreign: diff.foreign };
}

async function stageAndRename(dir: string, changed: string[], files: Map<string, string>): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(dir)}.tmp-`));
  try {
    for (const rel of changed) {
      const staged = join(tmp, rel);
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, files.get(rel)!);
    }
    for (const rel of changed) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await rename(join(tmp, rel), join(dir, rel));
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function removeEmptyDirs(dir: string, removed: string[]): Promise<void> {
  const dirs = [...new Set(removed.map((r) => dirname(r)).filter((d) => d !== '.'))].sort().reverse();
  for (const d of dirs) {
    try {
      await rmdir(join(dir, d));
    } catch {
      /* not empty: keep */
    }
  }
}
