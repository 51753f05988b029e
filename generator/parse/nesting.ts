/**
 * Nesting guard for marked's block lexer: blockquotes and lists nest at most MAX_NESTING levels, deeper levels
 * are read as plain text (each level re-lexes its content, and a 1 MB `>` line overflowed the stack). Two parts:
 * - capMarkers: a line starting with more than MAX_NESTING container markers (`>`, `-`, `*`, `+`, `1.`) has
 *   the next marker escaped before lexing, since marked strips a line's markers one by one and tests each rest
 *   against a thematic-break regex when a lazy continuation line follows (quadratic in the markers);
 * - NestingGuard: a Tokenizer that declines to open a container deeper than MAX_NESTING (nesting built up
 *   over several lines, e.g. by indentation) and remembers where.
 */
import { Tokenizer, type Tokens } from 'marked';

/**
 * Deepest blockquote/list nesting handed to marked (real pages use 3-4). Each level re-lexes its content, and a
 * lazy continuation line re-lexes the levels below it again, so the cost grows with the square of the cap; 8 keeps
 * the fuzz suite's worst page (a ~1 MB `>` line, then a paragraph line) within its bound of 1 s (BENCHMARKS.md).
 */
export const MAX_NESTING = 8;

/** One container marker at a position (sticky): `>` with an optional space, or a bullet/ordinal and its spaces. */
const MARKER = / {0,3}(?:>[ \t]?|(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|(?=\n|$)))/y;
/** A thematic break (`- - -`, `***`): not a run of list markers. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const MARKER_CHAR = /[>*+\-0-9]/;

/**
 * `text` with the (MAX_NESTING + 1)-th leading container marker of every line escaped (a backslash before it;
 * line numbers are unchanged), and the 1-based lines where that was done.
 */
export function capMarkers(text: string): { text: string; lines: number[] } {
  const lines: number[] = [];
  let out = '';
  let done = 0;
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const cut = markerCut(text, start, end);
    if (cut >= 0) {
      out += `${text.slice(done, cut)}\\`;
      done = cut;
      lines.push(line);
    }
    start = end + 1;
  }
  return lines.length === 0 ? { text, lines } : { text: out + text.slice(done), lines };
}

/** Where the marker past MAX_NESTING starts (after its indentation) on the line [start, end), or -1. */
function markerCut(text: string, start: number, end: number): number {
  let pos = start;
  while (pos < end && pos < start + 3 && text[pos] === ' ') pos++;
  if (pos >= end || !MARKER_CHAR.test(text[pos]!)) return -1;
  pos = start;
  for (let count = 0; pos < end; count++) {
    MARKER.lastIndex = pos;
    if (!MARKER.test(text) || MARKER.lastIndex > end) return -1;
    if (count === MAX_NESTING) {
      if (THEMATIC_BREAK.test(text.slice(start, end))) return -1;
      while (text[pos] === ' ') pos++;
      return pos;
    }
    pos = MARKER.lastIndex;
  }
  return -1;
}

/** Does a line start a blockquote / a list item? (Only to say where the cap was hit; marked decides the rest.) */
const QUOTE_START = /^ {0,3}>/;
const LIST_START = /^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t\n]|$)/;

/** A marked Tokenizer that stops opening blockquotes and lists beyond MAX_NESTING and remembers where. */
export class NestingGuard extends Tokenizer {
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
