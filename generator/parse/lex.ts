/**
 * Block-level Markdown lexing, guarded against hostile pages. Only marked's block lexer runs: the parser reads
 * raw heading, cell and paragraph text, never inline tokens, and marked's inline lexer is superlinear on some
 * lines (64k `!` take seconds) and overflows the stack on deep emphasis. Blockquotes and lists nest at most
 * MAX_NESTING levels (see nesting.ts). Should marked throw anyway, the failing block is found by lexing the
 * page's blocks one by one.
 */
import { Lexer, type Token } from 'marked';
import { capMarkers, NestingGuard } from './nesting.js';

export interface LexResult {
  tokens: Token[];
  /** 1-based lines where nesting was cut at MAX_NESTING (one per top-level block), ascending. */
  deepLines: number[];
  /** Set when marked threw: the line of the block that fails on its own (or 1) and marked's message. */
  failure?: { line: number; message: string };
}

/** Ascending offsets -> 1-based line numbers, in one pass over `text`. */
function linesAt(text: string, offsets: number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const off of offsets) {
    for (let i = text.indexOf('\n', pos); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) line++;
    pos = Math.max(pos, off);
    if (out[out.length - 1] !== line) out.push(line);
  }
  return out;
}

/** marked's block lexer with the nesting guard: the tokens of `src` and the offsets where nesting was cut. */
function guardedLex(src: string): { tokens: Token[]; cuts: number[] } {
  const guard = new NestingGuard(src);
  return { tokens: new Lexer({ gfm: true, tokenizer: guard }).blockTokens(src, []), cuts: guard.cuts };
}

/** Block tokens of `text` (`\n` line ends); never throws. */
export function lexBlocks(text: string): LexResult {
  const capped = capMarkers(text);
  try {
    const { tokens, cuts } = guardedLex(capped.text);
    const deepLines = [...new Set([...capped.lines, ...linesAt(capped.text, cuts)])].sort((a, b) => a - b);
    return { tokens, deepLines };
  } catch (e) {
    return { tokens: [], deepLines: [], failure: locateFailure(capped.text, e) };
  }
}

/** Lex the blank-line-separated blocks one by one; the first that throws names the line. */
function locateFailure(text: string, error: unknown): { line: number; message: string } {
  const message = messageOf(error);
  const blank = /\n[ \t]*\n/g;
  let start = 0;
  let line = 1;
  for (;;) {
    const m = blank.exec(text);
    const end = m ? m.index : text.length;
    try {
      guardedLex(text.slice(start, end));
    } catch (e) {
      return { line, message: messageOf(e) };
    }
    if (!m) return { line: 1, message };
    for (let i = text.indexOf('\n', start); i >= 0 && i < blank.lastIndex; i = text.indexOf('\n', i + 1)) line++;
    start = blank.lastIndex;
  }
}

function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
