/**
 * Markdown -> sections by role. Built on marked's lexer (GFM tables); line numbers come from the tokens' raw text.
 * Headings are recognised by a small table of names (English, Chinese, older layout), tolerant of `**`,
 * trailing colons, spaces and `（…）` suffixes. A heading that is a bare identifier names a data model.
 */
import type { Tokens } from 'marked';
import { lexBlocks } from './lex.js';
import { lookup } from './lookup.js';
import { trimEndMatching } from './clip.js';
import { stripEmphasis } from './title.js';

export type Role =
  'overview' | 'usage' | 'definition' | 'public' | 'request' | 'response' | 'models' | 'example' | 'requestExample' | 'responseExample' | 'model' | 'other';

const HEADINGS: Record<string, Role> = {
  overview: 'overview',
  简介: 'overview',
  概述: 'overview',
  usage: 'usage',
  使用方法: 'usage',
  definition: 'definition',
  定义: 'definition',
  'public parameters': 'public',
  'common parameters': 'public',
  公共参数: 'public',
  'request parameters': 'request',
  请求参数: 'request',
  'response field': 'response',
  'response fields': 'response',
  'response elements': 'response',
  'response parameters': 'response',
  响应字段: 'response',
  返回字段: 'response',
  返回参数: 'response',
  'data model': 'models',
  'data models': 'models',
  数据模型: 'models',
  example: 'example',
  examples: 'example',
  示例: 'example',
  'request example': 'requestExample',
  请求示例: 'requestExample',
  'response example': 'responseExample',
  响应示例: 'responseExample',
};

export interface Block {
  kind: 'table' | 'code' | 'text';
  line: number;
  table?: Tokens.Table;
  /** Code block text or paragraph raw text. */
  text?: string;
}

export interface Section {
  role: Role;
  /** Model name for role `model`. */
  name?: string;
  heading: string;
  depth: number;
  line: number;
  blocks: Block[];
}

export interface PageDoc {
  /** Sections in page order; the first (role `other`, depth 0) holds any blocks before the first heading. */
  sections: Section[];
  headings: { text: string; depth: number; line: number }[];
  /** Lines where blockquote/list nesting was cut at MAX_NESTING (see lex.ts). */
  deepLines: number[];
  /** Set when the Markdown lexer failed: the page has no sections then. */
  failure?: { line: number; message: string };
}

/** Normalised heading key: no emphasis, no trailing colon, no `（…）`/`(...)` suffix, lower case. */
export function headingKey(text: string): string {
  return trimEndMatching(withoutParenSuffix(stripEmphasis(text)), COLON_OR_SPACE)
    .replace(/^[\s\u00a0]+/u, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const COLON_OR_SPACE = /[:：\s]/;

/**
 * `text` without a trailing `(...)`/`（…）` group (and the spaces after it); the group opens at the first
 * parenthesis after the previous closing one. Linear; same result as `/[（(][^）)]*[）)]\s*$/u`.
 */
function withoutParenSuffix(text: string): string {
  const body = text.trimEnd();
  const last = body[body.length - 1];
  if (last !== ')' && last !== '）') return text;
  let from = body.length - 2;
  while (from >= 0 && body[from] !== ')' && body[from] !== '）') from--;
  for (let i = from + 1; i < body.length - 1; i++) if (body[i] === '(' || body[i] === '（') return text.slice(0, i);
  return text;
}

export function roleOf(text: string): { role: Role; name?: string } {
  const key = headingKey(text);
  const role = lookup(HEADINGS, key);
  if (role) return { role };
  const ident = trimEndMatching(stripEmphasis(text), COLON_OR_SPACE);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(ident)) return { role: 'model', name: ident };
  return { role: 'other' };
}

function lineCounter(): (raw: string) => number {
  let line = 1;
  return (raw) => {
    const at = line;
    for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) line++;
    return at;
  };
}

/** Lex a page (CRLF and lone CR read as line ends, a leading BOM dropped) and group its blocks under headings. Never throws. */
export function splitSections(text: string): PageDoc {
  const { tokens, deepLines, failure } = lexBlocks(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const advance = lineCounter();
  const sections: Section[] = [{ role: 'other', heading: '', depth: 0, line: 1, blocks: [] }];
  const headings: PageDoc['headings'] = [];
  const roles = new Map<string, ReturnType<typeof roleOf>>();
  for (const tok of tokens) {
    const line = advance(tok.raw ?? '');
    const lead = /^\n*/.exec(tok.raw ?? '')?.[0].length ?? 0;
    const at = line + lead;
    const current = sections[sections.length - 1]!;
    if (tok.type === 'heading') {
      const h = tok as Tokens.Heading;
      headings.push({ text: h.text, depth: h.depth, line: at });
      let known = roles.get(h.text);
      if (known === undefined) roles.set(h.text, (known = roleOf(h.text)));
      const { role, name } = known;
      // Built field by field: `{ ...roleOf(), ... }` is much slower in V8 and pages can hold 500k headings.
      sections.push(
        name === undefined
          ? { role, heading: h.text, depth: h.depth, line: at, blocks: [] }
          : { role, name, heading: h.text, depth: h.depth, line: at, blocks: [] },
      );
    } else if (tok.type === 'table') current.blocks.push({ kind: 'table', line: at, table: tok as Tokens.Table });
    else if (tok.type === 'code') current.blocks.push({ kind: 'code', line: at, text: (tok as Tokens.Code).text });
    else if (tok.type === 'paragraph' || tok.type === 'text' || tok.type === 'blockquote' || tok.type === 'list')
      current.blocks.push({ kind: 'text', line: at, text: tok.raw.trim() });
  }
  return { sections, headings, deepLines, ...(failure ? { failure } : {}) };
}
