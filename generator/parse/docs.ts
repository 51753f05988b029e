/**
 * Library entry of the parse stage. Other commands (build, lint, diff) call these.
 *
 *   parseDocs(docsDir, opts?)  -> Promise<ParseDocsResult>   a folder of product folders -> specs + diagnostics
 *   parsePage(text, relPath, product, opts?) -> PageResult   one Markdown page -> ActionSpec (or skipped) + diagnostics
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { sortDiagnostics } from '../diagnostics.js';
import { applyOverlay, readOverlays } from '../spec/overlay.js';
import { internalError, parsePage } from './page.js';
import { readPage, walkDocs } from './walk.js';

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

/** `uhost-api` -> `uhost`. */
export function productOf(folder: string): string {
  return folder.replace(/-api$/, '').toLowerCase();
}

interface Candidate {
  spec: ActionSpec;
  layout: 'current' | 'older';
  source: string;
  /** The page's own diagnostics (reported only for the canonical page). */
  diagnostics?: Diagnostic[];
}

/**
 * Duplicates rule: when several pages of one product document the same action, the canonical page is the one
 * in the current layout (over the older), then the one whose file name does not end in `_old`, then the
 * lexicographically first path. The others are reported (`duplicate-action`, info) and skipped.
 */
export function pickCanonical(list: Candidate[]): Candidate {
  const rank = (c: Candidate): [number, number, string] => [c.layout === 'current' ? 0 : 1, /_old\.md$/i.test(c.source) ? 1 : 0, c.source];
  return [...list].sort((a, b) => {
    const [a1, a2, a3] = rank(a);
    const [b1, b2, b3] = rank(b);
    return a1 - b1 || a2 - b2 || (a3 < b3 ? -1 : a3 > b3 ? 1 : 0);
  })[0]!;
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
  const prefix = docsDir.split('\\').join('/').replace(/\/+$/, '');
  const under = (d: Diagnostic): Diagnostic => ({ file: d.file === '' ? prefix : `${prefix}/${d.file}`, line: d.line, col: d.col, severity: d.severity, code: d.code, message: d.message });
  const diagnostics: Diagnostic[] = walked.map(under);
  const skipped: SkippedPage[] = [];
  const byAction = new Map<string, Candidate[]>();
  for (const rel of pages) {
    const folder = rel.split('/')[0]!;
    const r = await parseFile(docsDir, rel, productOf(folder), opts, pageCache);
    const own = r.diagnostics.map(under);
    if (r.spec) {
      const key = `${r.spec.product}/${r.spec.action}`;
      byAction.set(key, [...(byAction.get(key) ?? []), { spec: r.spec, layout: r.layout ?? 'current', source: rel, diagnostics: own }]);
    } else {
      for (const d of own) diagnostics.push(d);
      skipped.push({ source: rel, reason: r.skipped ?? 'error' });
    }
  }
  const specs: ActionSpec[] = [];
  for (const [key, list] of [...byAction].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const chosen = pickCanonical(list);
    specs.push(chosen.spec);
    for (const d of chosen.diagnostics ?? []) diagnostics.push(d);
    for (const c of list) {
      if (c === chosen) continue;
      skipped.push({ source: c.source, reason: 'duplicate' });
      const hidden = (c.diagnostics ?? []).filter((d) => d.severity !== 'info').length;
      const note = hidden > 0 ? `; its ${hidden} warning(s) are not reported` : '';
      diagnostics.push({ file: `${prefix}/${c.source}`, line: 1, col: 1, severity: 'info', code: 'duplicate-action', message: `${key} is also documented by ${chosen.source} (${chosen.layout} layout), which is used; this page is skipped${note}` });
    }
  }
  if (opts.overridesDir !== undefined) await overlay(specs, opts.overridesDir, diagnostics);
  skipped.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { specs, diagnostics: sortDiagnostics(diagnostics), skipped, pages: pages.length };
}

/**
 * Read and parse one page; an unreadable page or an unexpected failure becomes an error diagnostic, never a
 * throw. The decoding warnings (invalid UTF-8) come first; they depend on the bytes, so they are not cached.
 */
async function parseFile(docsDir: string, rel: string, product: string, opts: ParseOptions, pageCache: PageCache | undefined): Promise<PageResult> {
  const page = await readPage(docsDir, rel);
  if (page.text === undefined) return { skipped: 'error', diagnostics: page.diagnostics };
  try {
    const { text } = page;
    let result = pageCache?.lookup(rel, product, text);
    if (result === undefined) {
      result = parsePage(text, rel, product, opts);
      pageCache?.store(rel, product, text, result);
    }
    return page.diagnostics.length === 0 ? result : { ...result, diagnostics: [...page.diagnostics, ...result.diagnostics] };
  } catch (e) {
    return internalError(rel, e);
  }
}

async function overlay(specs: ActionSpec[], dir: string, diagnostics: Diagnostic[]): Promise<void> {
  const { overlays, diagnostics: read } = await readOverlays(dir);
  diagnostics.push(...read);
  for (const o of overlays) {
    const i = specs.findIndex((s) => s.product === o.product && s.action === o.action);
    if (i < 0) {
      diagnostics.push({ file: o.file, line: 1, col: 1, severity: 'warning', code: 'stale-overlay', message: `no action ${o.product}/${o.action} in the docs; remove or rename this overlay` });
      continue;
    }
    const r = applyOverlay(specs[i]!, o);
    specs[i] = r.spec;
    diagnostics.push(...r.diagnostics);
  }
}
