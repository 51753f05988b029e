/**
 * The docs folder: list `<docs>/<product>/*.md` (symlinked product folders and pages are followed), read a
 * page's bytes and decode them. Never throws; problems are diagnostics on the docs-relative path (an unreadable
 * folder is `unreadable-folder`, an unreadable page `unreadable-page`):
 * - a symlink that cannot be resolved because it loops (ELOOP), or a product folder that links back to the
 *   docs folder or one containing it, is a `symlink-loop` warning and skipped; the walk is two levels deep,
 *   so it cannot run away;
 * - a dangling symlink is a `broken-symlink` warning; a symlink that resolves outside the docs folder is
 *   followed, with an `outside-docs` info;
 * - invalid UTF-8 is an `invalid-utf8` warning at its line and column (see utf8.ts), the page is still read.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { decodeUtf8, type InvalidRun } from './utf8.js';

export interface WalkResult {
  /** Docs-relative POSIX paths `<folder>/<page>.md`, sorted. */
  pages: string[];
  /** Links skipped or followed out of the folder, unreadable folders; `file` docs-relative ('' = the docs folder). */
  diagnostics: Diagnostic[];
}

export interface PageText {
  /** Absent when the page cannot be read (an `unreadable-page` error in `diagnostics`). */
  text?: string;
  /** `invalid-utf8` warnings or the `unreadable-page` error, `file` = the page's docs-relative path. */
  diagnostics: Diagnostic[];
}

/** Invalid UTF-8 runs reported one by one, up to this many per page (the last one says how many more). */
const MAX_UTF8_REPORTS = 10;

const diag = (file: string, severity: Severity, code: string, message: string, line = 0, col = 0): Diagnostic => ({ file, line, col, severity, code, message });

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** `child` is `parent` or inside it (both absolute, resolved). */
function within(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

type Kind = 'dir' | 'file' | 'other';

interface Walk {
  docsDir: string;
  /** The docs folder, resolved. */
  root: string;
  out: Diagnostic[];
}

/**
 * What the entry `rel` is, following a symlink: its kind, or undefined when it is skipped (and reported).
 * For product folders (`productFolder`), a link back to the docs folder or above is a loop.
 */
async function follow(w: Walk, rel: string, entry: Dirent, productFolder: boolean): Promise<Kind | undefined> {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
  const { root, out } = w;
  const path = join(w.docsDir, rel);
  let target: string;
  let kind: Kind;
  try {
    const st = await stat(path);
    kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    target = await realpath(path);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ELOOP')
      out.push(
        diag(
          rel,
          'warning',
          'symlink-loop',
          `symlink '${rel}' resolves to itself through a loop of links (ELOOP); skipped — point it at a real folder or page`,
        ),
      );
    else if (code === 'ENOENT') out.push(diag(rel, 'warning', 'broken-symlink', `symlink '${rel}' points to nothing; skipped — fix or remove the link`));
    else
      out.push(diag(rel, 'warning', 'broken-symlink', `symlink '${rel}' cannot be followed (${code}); skipped — check the link and its target's permissions`));
    return undefined;
  }
  if (productFolder && kind === 'dir' && within(root, target)) {
    out.push(
      diag(
        rel,
        'warning',
        'symlink-loop',
        `symlink '${rel}' points back to the docs folder or a folder containing it (${target}), a loop; skipped — link a product folder instead`,
      ),
    );
    return undefined;
  }
  if (!within(target, root)) out.push(diag(rel, 'info', 'outside-docs', `symlink '${rel}' leads outside the docs folder, to ${target}; followed`));
  return kind;
}

/** A folder's entries, sorted (read synchronously: cheaper than a thread-pool round trip per product folder). */
async function entries(dir: string, rel: string, out: Diagnostic[]): Promise<Dirent[]> {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    const what = rel === '' ? 'the docs folder' : `folder '${rel}'`;
    out.push(diag(rel, 'error', 'unreadable-folder', `cannot read ${what} (${errnoOf(e)}); check that it exists and its permissions`));
    return [];
  }
}

/** List `<docsDir>/<product>/*.md`, following symlinked product folders and pages. */
export async function walkDocs(docsDir: string): Promise<WalkResult> {
  const diagnostics: Diagnostic[] = [];
  const pages: string[] = [];
  const top = await entries(docsDir, '', diagnostics);
  const w: Walk = { docsDir, root: top.length > 0 ? await realpath(docsDir).catch(() => docsDir) : docsDir, out: diagnostics };
  for (const folder of top) {
    if (folder.name.startsWith('.')) continue;
    if ((await follow(w, folder.name, folder, true)) !== 'dir') continue;
    for (const f of await entries(join(docsDir, folder.name), folder.name, diagnostics)) {
      if (!f.name.toLowerCase().endsWith('.md')) continue;
      const rel = `${folder.name}/${f.name}`;
      if ((await follow(w, rel, f, false)) === 'file') pages.push(rel);
    }
  }
  return { pages: pages.sort(), diagnostics };
}

/** Read and decode one page (`rel` docs-relative); never throws. */
export async function readPage(docsDir: string, rel: string): Promise<PageText> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(docsDir, rel)); // synchronous: a thread-pool round trip per page cost more than the read
  } catch (e) {
    return { diagnostics: [diag(rel, 'error', 'unreadable-page', `cannot read the page (${errnoOf(e)}); check its permissions`)] };
  }
  const { text, invalid } = decodeUtf8(bytes);
  return { text, diagnostics: utf8Diagnostics(rel, invalid) };
}

function utf8Diagnostics(rel: string, runs: InvalidRun[]): Diagnostic[] {
  const rest = runs.slice(MAX_UTF8_REPORTS).reduce((n, x) => n + x.count, 0);
  return runs.slice(0, MAX_UTF8_REPORTS).map((r, i) => {
    const hex = r.bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const what =
      r.count === 1 ? `byte sequence ${hex} is not valid UTF-8` : `${r.count} invalid UTF-8 sequences (${hex}${r.byteCount > r.bytes.length ? ' ...' : ''})`;
    const more = i === MAX_UTF8_REPORTS - 1 && rest > 0 ? `; ${rest} more invalid sequence(s) further on are not reported` : '';
    return diag(rel, 'warning', 'invalid-utf8', `${what}; read as U+FFFD${more} — save the page as UTF-8`, r.line, r.col);
  });
}
