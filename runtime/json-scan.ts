/**
 * A JSON syntax scanner for the profile files: where the first syntax error is (offset, line, column) and what
 * it is, in words that never quote the file's content (a profile file holds the private key; JSON.parse's own
 * message quotes the text around the error). It also records where each object key is, so an error about a
 * value can point at its line. Accepts exactly what JSON.parse accepts (a fast-check test compares them).
 */

/** A position in a text: 0-based offset, 1-based line and column (UTF-16 units). */
export interface TextPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface JsonSyntaxError extends TextPosition {
  /** What is wrong, e.g. `expected ',' or '}' after a property value, found a single quote`. */
  readonly problem: string;
}

export interface JsonScan {
  readonly error: JsonSyntaxError | undefined;
  /**
   * Offset of each object key and array element by path: `0` is the first element of the top-level array,
   * `0/private_key` the key `private_key` in it.
   */
  readonly keys: ReadonlyMap<string, number>;
}

/** Deeper nesting is reported as an error (JSON.parse would accept it; no profile file nests like that). */
const MAX_DEPTH = 512;

class Fail extends Error {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** Scans `text` (a leading byte-order mark is skipped, as the profile reader skips it). */
export function scanJson(text: string): JsonScan {
  const keys = new Map<string, number>();
  const s = new Scanner(text, keys);
  try {
    s.skipSpace();
    s.value('', 0);
    s.skipSpace();
    if (s.i < text.length) throw new Fail(s.i, `unexpected ${describe(text, s.i)} after the end of the JSON value`);
    return { error: undefined, keys };
  } catch (error) {
    if (!(error instanceof Fail)) throw error;
    return { error: { ...positionAt(text, error.at), problem: error.problem }, keys };
  }
}

/** Line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

class Scanner {
  i: number;
  constructor(
    readonly text: string,
    readonly keys: Map<string, number>,
  ) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i++;
    }
  }

  value(path: string, depth: number): void {
    if (depth > MAX_DEPTH) throw new Fail(this.i, `nested deeper than ${MAX_DEPTH} levels`);
    const c = this.text[this.i];
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === '"') {
      this.string(false);
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    throw new Fail(this.i, `expected a value (object, array, string in double quotes, number, true, false or null), found ${describe(this.text, this.i)}`);
  }

  object(path: string, depth: number): void {
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      if (this.text[this.i] !== '"') throw new Fail(this.i, `expected a property name in double quotes, found ${describe(this.text, this.i)}`);
      const at = this.i;
      const name = this.string(true);
      const key = path === '' ? name : `${path}/${name}`;
      if (!this.keys.has(key)) this.keys.set(key, at);
      this.skipSpace();
      if (this.text[this.i] !== ':') throw new Fail(this.i, `expected ':' after a property name, found ${describe(this.text, this.i)}`);
      this.i++;
      this.skipSpace();
      this.value(key, depth + 1);
      this.skipSpace();
      const next = this.text[this.i];
      this.i++;
      if (next === '}') return;
      if (next !== ',') throw new Fail(this.i - 1, `expected ',' or '}' after a property value, found ${describe(this.text, this.i - 1)}`);
      this.skipSpace();
    }
  }

  array(path: string, depth: number): void {
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      const element = path === '' ? String(index) : `${path}/${index}`;
      this.keys.set(element, this.i);
      this.value(element, depth + 1);
      this.skipSpace();
      const next = this.text[this.i];
      this.i++;
      if (next === ']') return;
      if (next !== ',') throw new Fail(this.i - 1, `expected ',' or ']' after an array element, found ${describe(this.text, this.i - 1)}`);
      this.skipSpace();
    }
  }

  /** Scans a string token; returns its decoded text when `keep` (property names; values are never kept). */
  string(keep: boolean): string {
    const start = this.i;
    const t = this.text;
    let out = '';
    this.i++;
    for (;;) {
      if (this.i >= t.length) throw new Fail(start, 'a string is not closed (a double quote is missing)');
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return out;
      }
      if (c < 0x20) throw new Fail(this.i, 'a control character (a line break or tab) inside a string; write it as \\n or \\t');
      if (c !== 0x5c) {
        if (keep) out += t[this.i];
        this.i++;
        continue;
      }
      const e = t[this.i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
        if (keep) out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        if (keep) out += JSON.parse(`"\\${e}"`) as string;
        this.i += 2;
      } else {
        throw new Fail(this.i, 'an invalid escape inside a string (a backslash must be followed by one of " \\ / b f n r t u)');
      }
    }
  }

  number(): void {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(this.text);
    if (found === null) throw new Fail(this.i, 'an invalid number');
    this.i += found[0].length;
  }
}

/** Names the character at `i` without quoting content: letters and digits are never shown. */
function describe(text: string, i: number): string {
  const c = text[i];
  if (c === undefined) return 'the end of the file';
  if (/[A-Za-z]/.test(c)) return 'a letter (strings and names need double quotes)';
  if (/[0-9]/.test(c)) return 'a digit';
  const named: Record<string, string> = {
    "'": 'a single quote (JSON strings need double quotes)',
    '"': 'a double quote',
    ',': 'a comma (trailing or doubled commas are not allowed)',
    '}': "a closing '}'",
    ']': "a closing ']'",
    '{': "an opening '{'",
    '[': "an opening '['",
    ':': 'a colon',
    '/': 'a slash (JSON has no comments)',
    '#': "a '#' (JSON has no comments)",
  };
  if (named[c] !== undefined) return named[c];
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return 'a control character';
  return code < 0x80 ? 'a punctuation character' : 'a non-ASCII character';
}
