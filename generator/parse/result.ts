/** What parsing a page gives, and its options: the types the parse layer's modules share. */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';

export interface ParseOptions {
  /** Base URL for relative doc links and each page's docUrl; default DEFAULTS.docsBaseUrl. */
  docsBaseUrl?: string;
  /** Overlay folder (`<dir>/<product>/<Action>.yaml`) merged on top; default none. */
  overridesDir?: string;
  /** Product id of each docs folder (from the product table); default: the id rule of spec/product-table.ts. */
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
