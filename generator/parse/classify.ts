/** Is a page an action page? Layout (current/older), title, and why a page is skipped. */
import type { PageDoc, Section } from './sections.js';
import { clip, trimEndMatching } from './clip.js';
import { parseTitle, type Title } from './title.js';

export type Layout = 'current' | 'older';

export interface Classification {
  kind: 'action' | 'not-an-action' | 'error';
  layout: Layout;
  title?: Title;
  titleLine: number;
  /** Why not an action / why an error. */
  reason?: string;
  code?: string;
}

const REST_LINE = /^(?:GET|PUT|POST|DELETE|HEAD|PATCH|OPTIONS)\s+\/\S*(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/m;
const STAR_COLON_SPACE = /[*:：\s]/;
const REST_HEADINGS = /^(?:请求语法|request syntax|请求头|request headers?|响应头|response headers?)$/i;

function has(doc: PageDoc, role: Section['role']): boolean {
  return doc.sections.some((s) => s.role === role);
}

export function isRestStyle(doc: PageDoc): boolean {
  const texts = new Set(doc.headings.map((h) => h.text));
  for (const text of texts) if (REST_HEADINGS.test(trimEndMatching(text, STAR_COLON_SPACE).replace(/\*\*/g, '').trim())) return true;
  return doc.sections.some((s) => s.blocks.some((b) => b.kind === 'code' && REST_LINE.test(b.text ?? '')));
}

export function classify(doc: PageDoc): Classification {
  const layout: Layout = has(doc, 'public') || has(doc, 'definition') ? 'current' : 'older';
  const first = doc.headings.find((h) => h.depth <= 2);
  const title = first ? parseTitle(first.text) : undefined;
  const titleLine = first?.line ?? 1;
  const params = has(doc, 'request') || has(doc, 'response');
  const examples = has(doc, 'requestExample') || has(doc, 'responseExample');
  const base = { layout, titleLine, ...(title ? { title } : {}) };
  if (isRestStyle(doc) && !has(doc, 'public'))
    return {
      ...base,
      kind: 'not-an-action',
      code: 'not-an-action',
      reason: 'REST-style object-storage page (HTTP verb and path, not a query Action); skipped',
    };
  if (title?.action !== undefined && params) return { ...base, kind: 'action' };
  if (title?.action !== undefined && examples)
    return {
      ...base,
      kind: 'error',
      code: 'missing-section',
      reason: `page titled '${clip(title.action)}' has examples but no request or response parameter section; add '### 请求参数' / '### Request Parameters'`,
    };
  if (title?.action === undefined && params)
    return {
      ...base,
      kind: 'error',
      code: 'no-action-name',
      reason: `page has parameter tables but its title '${clip(first?.text ?? '')}' does not end in '- <ActionName>'; fix the first heading`,
    };
  const what = first ? `'${clip(first.text.trim())}'` : 'no heading';
  return { ...base, kind: 'not-an-action', code: 'not-an-action', reason: `not an action page (${what}, no request/response parameter section); skipped` };
}
