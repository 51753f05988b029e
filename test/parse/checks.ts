/** Shared checks of the hostile-page and fuzz suites: what every parsePage result must satisfy (no vitest import, so scripts can replay a case). */
import { parsePage, type PageResult } from '../../generator/parse/docs.js';
import { decodeUtf8 } from '../../generator/parse/utf8.js';
import { parseSpecText, serializeSpec } from '../../generator/spec/io.js';
import { validateSpec } from '../../generator/spec/schema.js';

/** Every code a page can get from parsePage (README, section parse). */
export const PAGE_CODES = new Set([
  'action-mismatch',
  'bad-example',
  'bad-name',
  'bad-required',
  'deep-nesting',
  'duplicate-param',
  'example-mismatch',
  'inferred-model',
  'enum-typo',
  'internal-error',
  'invalid-spec',
  'long-description',
  'markdown-error',
  'missing-model',
  'missing-section',
  'name-conflict',
  'no-action-name',
  'not-an-action',
  'request-example-type',
  'response-example-type',
  'table-header',
  'unknown-type',
  'unreadable-enum',
  'untyped-array',
]);

/** Lines of a page as the parser counts them (LF, CRLF and lone CR end a line; a leading BOM is dropped). */
export function lineCount(text: string): number {
  return text.replace(/^\uFEFF/, '').split(/\r\n?|\n/).length;
}

/**
 * The properties of one parse: a known code at a line and column inside the page, a short message, no
 * internal error, and a spec (when there is one) that passes spec/schema.json. Returns the failures.
 */
export function problemsOf(r: PageResult, text: string, file = 'p-api/page.md'): string[] {
  const out: string[] = [];
  const lines = lineCount(text);
  for (const d of r.diagnostics) {
    const where = `${d.code}@${d.line}:${d.col}`;
    if (!PAGE_CODES.has(d.code)) out.push(`unknown code ${where}`);
    if (d.code === 'internal-error') out.push(`internal error: ${d.message}`);
    if (d.file !== file) out.push(`${where} names file ${d.file}`);
    if (!(d.line >= 1 && d.line <= lines && d.col >= 1)) out.push(`${where} outside the page (${lines} lines)`);
    if (d.message.length > 5000) out.push(`${where} message of ${d.message.length} characters`);
  }
  if (r.spec) out.push(...validateSpec(r.spec).map((p) => `schema: ${p}`));
  else if (r.diagnostics.length === 0) out.push('no spec and no diagnostic');
  return out;
}

/**
 * Time `fn` in ms; a slow first run is measured once more and the faster run counts, so a pause of the
 * shared machine does not fail a test while a superlinear parse (slow every time) still does.
 */
export function timed<T>(fn: () => T, retryAboveMs: number): { value: T; ms: number } {
  let t = performance.now();
  const value = fn();
  let ms = performance.now() - t;
  if (ms > retryAboveMs) {
    t = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { value, ms };
}

/** Per-page bound: pages up to ~1 MB parse in < 1 s (a slow first run is timed once more, see timed()). */
export const PAGE_MS = 1000;

/** Parse one mutated page the way parseDocs reads it and return every broken property. */
export function checkBytes(bytes: Uint8Array): string[] {
  const { text, invalid } = decodeUtf8(bytes);
  const { value: r, ms } = timed(() => parsePage(text, 'p-api/page.md', 'p'), PAGE_MS / 2);
  const out = problemsOf(r, text);
  if (ms >= PAGE_MS) out.push(`parsePage took ${ms.toFixed(0)} ms for ${bytes.length} bytes`);
  const lines = lineCount(text);
  for (const run of invalid) if (!(run.line >= 1 && run.line <= lines && run.col >= 1)) out.push(`invalid-utf8 run at ${run.line}:${run.col} outside the page`);
  if (r.spec) {
    const yaml = serializeSpec(r.spec);
    const back = parseSpecText(yaml, 'p/Page.yaml');
    if (back.diagnostics.length > 0) out.push(`spec does not read back: ${back.diagnostics[0]!.message}`);
  }
  return out;
}
