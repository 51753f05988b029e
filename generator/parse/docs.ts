/**
 * The parse layer's entry: one page (`parsePage`: text -> ActionSpec or a skip, with diagnostics; `parseFile`: the
 * same from a file of a docs folder), the pages of a docs folder, and the product id rule. A whole docs folder is
 * parsed by the engine (engine/library.ts `parseDocs`), product by product.
 */
import type { PageResult, ParseOptions } from './result.js';
import { productSlug } from '../spec/product-table.js';
import { parsePage } from './page.js';
import { readPage, walkDocs } from './walk.js';

export type { PageResult, ParseOptions, SkippedPage } from './result.js';

export { parsePage } from './page.js';
export { pickCanonical } from './collect.js';

/** `uhost-api` -> `uhost`, `vpc2.0-api` -> `vpc2_0`: the product id rule alone (spec/product-table.ts), without the table. */
export function productOf(folder: string): string {
  return productSlug(folder);
}

/** List `<docsDir>/<product>/*.md` as docs-relative POSIX paths, sorted; symlinks followed (see walk.ts). */
export async function listPages(docsDir: string): Promise<string[]> {
  return (await walkDocs(docsDir)).pages;
}

/**
 * Read and parse one page (`rel` docs-relative); an unreadable page or an unexpected failure becomes an error
 * diagnostic, never a throw. The decoding warnings (invalid UTF-8) come first.
 */
export async function parseFile(docsDir: string, rel: string, product: string, opts: ParseOptions = {}): Promise<PageResult> {
  const page = await readPage(docsDir, rel);
  if (page.text === undefined) return { skipped: 'error', diagnostics: page.diagnostics };
  const result = parsePage(page.text, rel, product, opts);
  return page.diagnostics.length === 0 ? result : { ...result, diagnostics: [...page.diagnostics, ...result.diagnostics] };
}
