/**
 * Block-level Markdown lexing, guarded against hostile pages. Only marked's block lexer runs: the parser reads
 * raw heading, cell and paragraph text, never inline tokens, and marked's inline lexer is superlinear on some
 * lines (64k `!` take seconds) and overflows the stack on deep emphasis. Blockquotes and lists nest at most
 * MAX_NESTING levels (deeper levels are read as plain text, with a line to warn about). Should marked throw
 * anyway, the failing block is found by lexing the page's blocks one by one.
 */
import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';

/** Deepest blockquote/list nesting handed to marked (each level re-lexes its content; real pages use 3-4). */
export const MAX_NESTING = 32;

export interface LexResult {
  tokens: Token[];
  /** 1-based lines where nesting was cut at MAX_NESTING (one per top-level block), ascending. */
  deepLines: number[];
  /** Set when marked threw: the line of the block that fails on its own (or 1) and marked's message. */
  failure?: { line: number; message: string };
}

/** Does a line start a blockquote / a list item? (Only to say where the cap was hit; marked decides the rest.) */
const QUOTE_START = /^ {0,3}>/;
const LIST_START = /^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t\n]|$)/;

/** A marked Tokenizer that stops opening blockquotes and lists beyond MAX_NESTING and remembers where. */
class NestingGuard extends Tokenizer {
  private depth = 0;
  private needle: string | undefined;
  /** Offsets (into the lexed text) of the nesting cut-offs. */
  readonly cuts: number[] = [];

  constructor(private readonly source: string) {
    super();
  }

  override blockquote(src: string): Tokens.Blockquote | undefined {
    return this.nest(src, QUOTE_START, () => super.blockquote(src));
  }

  override list(src: string): Tokens.List | undefined {
    return this.nest(src, LIST_START, () => super.list(src));
  }

  /** Open a container below the cap; at the cap, decline (and note where, if `src` does start one). */
  private nest<T extends { raw: string }>(src: string, starts: RegExp, open: () => T | undefined): T | undefined {
    if (this.depth >= MAX_NESTING) {
      if (starts.test(src)) this.needle ??= firstLine(src);
      return undefined;
    }
    const top = this.depth === 0;
    const start = this.source.length - src.length;
    this.depth++;
    try {
      const token = open();
      if (top && this.needle !== undefined) {
        const at = token ? this.source.slice(start, start + token.raw.length).indexOf(this.needle) : -1;
        this.cuts.push(start + Math.max(at, 0));
        this.needle = undefined;
      }
      return token;
    } finally {
      this.depth--;
    }
  }
}

/** First non-blank line of `src`, at most 64 characters (a suffix of the source line the nesting was cut at). */
function firstLine(src: string): string {
  const from = src.length - src.trimStart().length;
  const end = src.indexOf('\n', from);
  return src.slice(from, Math.min(end < 0 ? src.length : end, from + 64));
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
  try {
    const { tokens, cuts } = guardedLex(text);
    return { tokens, deepLines: linesAt(text, cuts) };
  } catch (e) {
    return { tokens: [], deepLines: [], failure: locateFailure(text, e) };
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
