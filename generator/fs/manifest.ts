/**
 * Ownership of an output folder. `<dir>/.scloud-manifest` lists every file the last run wrote there with the
 * SHA-1 of its content; it is written with the folder and committed with it. A file is the generator's to
 * replace or delete only when the manifest lists it and its content still has that hash: a file the generator
 * did not write, or one edited since, is never deleted (it is kept and reported).
 *
 * `<dir>/.scloud-keep` (written by people, optional) lists paths the generator must leave alone even though it
 * did not write them (a package's `package.json`, `dist/`): they are kept, never reported as strays, and never
 * overwritten. One pattern per line: an exact path, a folder ending in `/`, or a glob (`*` within a path segment,
 * `**` across segments); `#` starts a comment. Dot-files and dot-folders are never the generator's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MANIFEST_FILE = '.scloud-manifest';
export const KEEP_FILE = '.scloud-keep';

const HEADER =
  '# Written by scloud-gen: the files of this folder it generated, with the SHA-1 of each. It replaces or deletes\n' +
  '# only files listed here whose content still has that hash; any other file is kept. DO NOT EDIT.\n';

/** rel path -> SHA-1 of the content the generator wrote. */
export type Manifest = Map<string, string>;

/** The manifest text for `files` (rel path -> hash), sorted by path: one line per file, diff-friendly. */
export function manifestText(files: ReadonlyMap<string, string>): string {
  const rows = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([rel, hash]) => `${hash}  ${rel}`);
  return `${HEADER}${rows.join('\n')}${rows.length > 0 ? '\n' : ''}`;
}

export function parseManifest(text: string): Manifest {
  const out: Manifest = new Map();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{40}) {2}(.+)$/.exec(line);
    if (m !== null) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** The manifest of `dir`; undefined when the folder has none (never written by this version, or not ours). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Matcher of a folder's keep list (no file: nothing kept). */
export async function readKeepList(dir: string): Promise<(rel: string) => boolean> {
  let text: string;
  try {
    text = await readFile(join(dir, KEEP_FILE), 'utf8');
  } catch {
    return () => false;
  }
  return keepMatcher(text);
}

/** `rel` (POSIX, relative) is kept when some pattern matches it or a folder above it. */
export function keepMatcher(text: string): (rel: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '')
    .map((p) => p.replace(/^\.?\//, ''));
  if (patterns.length === 0) return () => false;
  const res = patterns.map(patternRegex);
  return (rel) => res.some((re) => re.test(rel));
}

function patternRegex(pattern: string): RegExp {
  const dir = pattern.endsWith('/');
  const body = (dir ? pattern.slice(0, -1) : pattern)
    .split(/(\*\*\/?|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  // A folder pattern matches the folder and everything below it; a file pattern also matches a folder's contents.
  return new RegExp(`^${body}(?:/.*)?$`);
}
