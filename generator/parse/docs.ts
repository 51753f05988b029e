/**
 * Library entry of the parse stage. Other commands (build, lint, diff) call these.
 *
 *   parseDocs(docsDir, opts?)  -> Promise<ParseDocsResult>   a folder of product folders -> specs + diagnostics
 *   parsePage(text, relPath, product, opts?) -> PageResult   one Markdown page -> ActionSpec (or skipped) + diagnostics
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { docsPrefix, sortDiagnostics, underDocs } from '../diagnostics.js';
import { readOverlays } from '../spec/overlay.js';
import { collectSpecs, overlaySpecs, type PageEntry } from './collect.js';
import { assignIds, productSlug } from '../spec/products.js';
import { parsePage } from './page.js';
import { readPage, walkDocs } from './walk.js';

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

/** List `<docsDir>/<product>/*.md` as docs-relative POSIX paths, sorted; symlinks followed (see walk.ts). */
export async function listPages(docsDir: string): Promise<string[]> {
  return (await walkDocs(docsDir)).pages;
}

/** Results of single pages by their text (the build's cache): a changed page is parsed again, the others are not. */
export interface PageCache {
  lookup(rel: string, product: string, text: string): PageResult | undefined;
  store(rel: string, product: string, text: string, result: PageResult): void;
}

/** Parse a docs folder (one folder per product) into specs. Diagnostics name files as `<docsDir>/<rel>`. */
export async function parseDocs(docsDir: string, opts: ParseOptions = {}, pageCache?: PageCache): Promise<ParseDocsResult> {
  const { pages, diagnostics: walked } = await walkDocs(docsDir);
  const prefix = docsPrefix(docsDir);
  const entries: PageEntry[] = [];
  const ids = opts.productIds ?? assignIds([...new Set(pages.map((rel) => rel.split('/')[0]!))], []);
  for (const rel of pages) {
    const folder = rel.split('/')[0]!;
    entries.push({ rel, result: await parseFile(docsDir, rel, ids.get(folder) ?? productOf(folder), opts, pageCache) });
  }
  const { specs, diagnostics, skipped } = collectSpecs(entries, prefix);
  diagnostics.push(...walked.map((d) => underDocs(d, prefix)));
  if (opts.overridesDir !== undefined) {
    const { overlays, diagnostics: read } = await readOverlays(opts.overridesDir);
    diagnostics.push(...read, ...overlaySpecs(specs, overlays));
  }
  return { specs, diagnostics: sortDiagnostics(diagnostics), skipped, pages: pages.length };
}

/**
 * Read and parse one page (`rel` docs-relative; the build calls it too); an unreadable page or an unexpected
 * failure becomes an error diagnostic, never a throw. The decoding warnings (invalid UTF-8) come first; they
 * depend on the bytes, so `pageCache` (which is keyed by the text) does not hold them.
 */
export async function parseFile(docsDir: string, rel: string, product: string, opts: ParseOptions = {}, pageCache?: PageCache): Promise<PageResult> {
  const page = await readPage(docsDir, rel);
  if (page.text === undefined) return { skipped: 'error', diagnostics: page.diagnostics };
  let result = pageCache?.lookup(rel, product, page.text);
  if (result === undefined) {
    result = parsePage(page.text, rel, product, opts);
    pageCache?.store(rel, product, page.text, result);
  }
  return page.diagnostics.length === 0 ? result : { ...result, diagnostics: [...page.diagnostics, ...result.diagnostics] };
}
