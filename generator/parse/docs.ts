/**
 * Library entry of the parse stage. Other commands (build, lint, diff) call these.
 *
 *   parseDocs(docsDir, opts?)  -> Promise<ParseDocsResult>   a folder of product folders -> specs + diagnostics
 *   parsePage(text, relPath, product, opts?) -> PageResult   one Markdown page -> ActionSpec (or skipped) + diagnostics
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';

export interface ParseOptions {
  /** Base URL for relative doc links and each page's docUrl; default DEFAULTS.docsBaseUrl. */
  docsBaseUrl?: string;
  /** Overlay folder (`<dir>/<product>/<Action>.yaml`) merged on top; default none. */
  overridesDir?: string;
}

export interface PageResult {
  /** Present when the page documents an action (even with warnings); absent on error or skip. */
  spec?: ActionSpec;
  /** Why the page yielded no action: `not-an-action` (skipped on purpose) or `error`. */
  skipped?: 'not-an-action' | 'error';
  diagnostics: Diagnostic[];
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
