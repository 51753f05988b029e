/**
 * Library entry of the parse stage. Other commands (build, lint, diff) call these.
 *
 *   parseDocs(docsDir, opts?)  -> Promise<ParseDocsResult>   a folder of product folders -> specs + diagnostics
 *   parsePage(text, relPath, product, opts?) -> PageResult   one Markdown page -> ActionSpec (or skipped) + diagnostics
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sortDiagnostics } from '../diagnostics.js';
import { readOverlays } from '../spec/overlay.js';
import { collectSpecs, overlaySpecs, type PageEntry } from './collect.js';
import { assignIds, productSlug } from '../spec/products.js';
import { parsePage } from './page.js';

export interface ParseOptions {
  /** Base URL for relative doc links and each page's docUrl; default DEFAULTS.docsBaseUrl. */
  docsBaseUrl?: string;
  /** Overlay folder (`<dir>/<product>/<Action>.yaml`) merged on top; default none. */
  overridesDir?: string;
  /** Product id of each docs folder (from the product table); default: the id rule of spec/products.ts. */
  productIds?: ReadonlyMap<string, string>;
}

export interface PageResult {
  /** Present when the page documents an action (even with warnings); absent on error or skip. */
  spec?: ActionSpec;
  /** Why the page yielded no action: `not-an-action` (skipped on purpose) or `error`. */
  skipped?: 'not-an-action' | 'error';
  diagnostics: Diagnostic[];
  /** Layout the page was recognised in (used by the duplicates rule). */
  layout?: 'current' | 'older';
}

export interface SkippedPage {
  /** Docs-relative path, POSIX. */
  source: string;
  reason: 'not-an-action' | 'duplicate' | 'error';
}

export interface ParseDocsResult {
  /** One spec per (product, action), sorted by product then action. */
  specs: ActionSpec[];
  /** Sorted (sortDiagnostics). */
  diagnostics: Diagnostic[];
  skipped: SkippedPage[];
  /** Number of Markdown pages read. */
  pages: number;
}


export { parsePage } from './page.js';
export { pickCanonical } from './collect.js';

/** `uhost-api` -> `uhost`, `vpc2.0-api` -> `vpc2_0`: the product id rule alone (spec/products.ts), without the table. */
export function productOf(folder: string): string {
  return productSlug(folder);
}

/** List `<docsDir>/<product>/*.md` as docs-relative POSIX paths, sorted. */
export async function listPages(docsDir: string): Promise<string[]> {
  const out: string[] = [];
  const folders = (await readdir(docsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  for (const folder of folders) {
    for (const f of await readdir(join(docsDir, folder), { withFileTypes: true })) if (f.isFile() && f.name.toLowerCase().endsWith('.md')) out.push(`${folder}/${f.name}`);
  }
  return out.sort();
}

/** Results of single pages by their text (the build's cache): a changed page is parsed again, the others are not. */
export interface PageCache {
  lookup(rel: string, product: string, text: string): PageResult | undefined;
  store(rel: string, product: string, text: string, result: PageResult): void;
}

/** Parse a docs folder (one folder per product) into specs. Diagnostics name files as `<docsDir>/<rel>`. */
export async function parseDocs(docsDir: string, opts: ParseOptions = {}, pageCache?: PageCache): Promise<ParseDocsResult> {
  const pages = await listPages(docsDir);
  const prefix = docsDir.split('\\').join('/').replace(/\/+$/, '');
  const entries: PageEntry[] = [];
  const ids = opts.productIds ?? assignIds([...new Set(pages.map((rel) => rel.split('/')[0]!))], []);
  for (const rel of pages) {
    const folder = rel.split('/')[0]!;
    entries.push({ rel, result: await parseFile(docsDir, rel, ids.get(folder) ?? productOf(folder), opts, pageCache) });
  }
  const { specs, diagnostics, skipped } = collectSpecs(entries, prefix);
  if (opts.overridesDir !== undefined) {
    const { overlays, diagnostics: read } = await readOverlays(opts.overridesDir);
    diagnostics.push(...read, ...overlaySpecs(specs, overlays));
  }
  return { specs, diagnostics: sortDiagnostics(diagnostics), skipped, pages: pages.length };
}

/** Read and parse one page; an unreadable page or an unexpected failure becomes an error diagnostic, never a throw. */
async function parseFile(docsDir: string, rel: string, product: string, opts: ParseOptions, pageCache: PageCache | undefined): Promise<PageResult> {
  let text: string;
  try {
    text = await readFile(join(docsDir, rel), 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { skipped: 'error', diagnostics: [{ file: rel, line: 0, col: 0, severity: 'error', code: 'unreadable-page', message: `cannot read the page (${err.code ?? err.message}); check its permissions` }] };
  }
  const hit = pageCache?.lookup(rel, product, text);
  if (hit !== undefined) return hit;
  const result = parseText(text, rel, product, opts);
  pageCache?.store(rel, product, text, result);
  return result;
}

/** parsePage that never throws: an unexpected failure is an `internal-error` diagnostic of the page. */
export function parseText(text: string, rel: string, product: string, opts: ParseOptions = {}): PageResult {
  try {
    return parsePage(text, rel, product, opts);
  } catch (e) {
    const message = `internal error while parsing (${(e as Error).message?.split('\n')[0] ?? String(e)}); this is a bug in scloud-gen, please report it with this page`;
    return { skipped: 'error', diagnostics: [{ file: rel, line: 0, col: 0, severity: 'error', code: 'internal-error', message }] };
  }
}
