/**
 * Scrubbing secrets (private key, Signature, password-like values, proxy passwords) out of free text that the
 * server or a transport produced: error messages, body excerpts, hook payloads, log lines.
 *
 * The rule, applied to every text before it is shown or cut:
 * 1. A secret is found in each of four readings of the text: as is; URL-decoded (`%XX` in either case, UTF-8,
 *    `+` as space, so `+`/`%20` and encodeURIComponent/URLSearchParams/PHP/Go forms all match, even when only
 *    some characters are escaped); JSON-unescaped (`\"`, `\\`, `\/`, `\n`..., `\uXXXX`); HTML-unescaped
 *    (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;`, `&#xHH;`).
 * 2. In each reading, every whole occurrence, and every run of at least {@link FRAGMENT_CHARS} characters that
 *    is a prefix or a suffix of a secret (what is left when someone cut the secret), is replaced by `[redacted]`
 *    in the original text, covering all of its encoded characters.
 * 3. Excerpts are scrubbed before they are cut (the window read is long enough to hold any encoded secret that
 *    starts inside the excerpt), so a cut never leaves a piece of a secret behind.
 * Secrets shorter than {@link MIN_SECRET_CHARS} characters are not searched for: replacing every `abc` in a
 * message would hide the message, not the secret. Matching is plain string search on decoded text: linear,
 * whatever the server sends (no regular expression that a hostile body could make backtrack).
 */
import { REDACTED } from './redact.js';

/** Shortest piece of a secret (prefix or suffix) that is still redacted. */
export const FRAGMENT_CHARS = 8;
/** Shortest secret that is searched for at all. */
export const MIN_SECRET_CHARS = 4;
/** Most text characters one UTF-16 unit of a secret can take once encoded (`\uD83D` or `%F0%9F` halves). */
const MAX_ENCODED_PER_UNIT = 6;

/** A reading of a text: the decoded string and, per decoded UTF-16 unit, the text range it came from. */
interface Reading {
  readonly text: string;
  /** First text index of decoded unit `i`. */
  start(i: number): number;
  /** Text index after decoded unit `i`. */
  end(i: number): number;
}
type Decoder = (text: string) => Reading | undefined;

/** Finds and replaces secrets; build one per request (its Signature and passwords) plus the client's keys. */
export class Scrubber {
  readonly #secrets: readonly string[];
  readonly #longest: number;

  constructor(secrets: Iterable<string>) {
    const distinct = new Set<string>();
    for (const s of secrets) if (s.length >= MIN_SECRET_CHARS) distinct.add(s);
    this.#secrets = [...distinct].sort((a, b) => b.length - a.length);
    this.#longest = this.#secrets[0]?.length ?? 0;
  }

  /** `text` with every secret (any encoding, whole or as a prefix/suffix piece) replaced by `[redacted]`. */
  text(text: string): string {
    if (this.#secrets.length === 0 || text.length < MIN_SECRET_CHARS) return text;
    // Every reading is taken of the same text and the ranges found are merged, so a secret matched whole in one
    // reading and in pieces in another is redacted as one range.
    const ranges = this.#ranges(identity(text));
    for (const decode of DECODERS) {
      const reading = decode(text);
      if (reading !== undefined) ranges.push(...this.#ranges(reading));
    }
    return replaceRanges(text, ranges);
  }

  /** At most `max` characters of `text`, scrubbed before the cut (see the rule above). */
  excerpt(text: string, max: number): string {
    if (text.length <= max) return this.text(text);
    const window = text.slice(0, max + this.#longest * MAX_ENCODED_PER_UNIT);
    return this.text(window).slice(0, max);
  }

  /**
   * A JSON-like value with every string (keys included) scrubbed: the value itself when no string holds a secret
   * (checked in one pass over all strings joined by a separator no match can cross), else a scrubbed copy.
   */
  deep<T>(value: T): T {
    if (this.#secrets.length === 0) return value;
    if (!this.#secrets.some((s) => s.includes(SEPARATOR))) {
      const strings: string[] = [];
      collectStrings(value, strings, 0);
      const joined = strings.join(SEPARATOR);
      if (this.text(joined) === joined) return value;
    }
    return this.#deep(value, 0) as T;
  }

  /**
   * The error itself when its message, stack and causes hold no secret; otherwise a plain Error copy (same name,
   * `code`, scrubbed message, stack and cause chain), so a `cause` never carries what the message hides.
   */
  error(error: unknown, depth = 0): unknown {
    if (this.#secrets.length === 0) return error;
    if (typeof error === 'string') return this.text(error);
    if (!(error instanceof Error)) return depth > 4 ? undefined : this.deep(error);
    const cause = depth < 4 ? this.error((error as { cause?: unknown }).cause, depth + 1) : undefined;
    const message = this.text(error.message);
    const stack = error.stack === undefined ? undefined : this.text(error.stack);
    if (message === error.message && stack === error.stack && cause === (error as { cause?: unknown }).cause) return error;
    const copy = new Error(message, cause === undefined ? undefined : { cause });
    copy.name = error.name;
    copy.stack = stack;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    return copy;
  }

  #deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.#deep(v, depth + 1);
    return out;
  }

  /** Ranges of the original text behind each secret (or prefix/suffix piece) found in `reading`. */
  #ranges(reading: Reading): [number, number][] {
    const spans: [number, number][] = [];
    for (const secret of this.#secrets) findSecret(reading.text, secret, spans);
    return spans.map(([a, b]) => [reading.start(a), reading.end(b - 1)]);
  }
}

/** Joins strings for {@link Scrubber.deep}'s one-pass check: not part of any escape, so no reading joins across it. */
const SEPARATOR = '\u0000';

function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') out.push(value);
  if (depth > 64 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    out.push(k);
    collectStrings(v, out, depth + 1);
  }
}

/** Pushes every whole occurrence and every prefix/suffix run of >= FRAGMENT_CHARS units of `secret`. */
function findSecret(text: string, secret: string, spans: [number, number][]): void {
  const w = Math.min(FRAGMENT_CHARS, secret.length);
  const head = secret.slice(0, w);
  for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
    let k = w;
    while (k < secret.length && i + k < text.length && text.charCodeAt(i + k) === secret.charCodeAt(k)) k++;
    spans.push([i, i + k]);
  }
  if (secret.length <= w) return;
  const tail = secret.slice(secret.length - w);
  for (let j = text.indexOf(tail); j >= 0; j = text.indexOf(tail, j + 1)) {
    let start = j;
    let m = secret.length - w;
    while (m > 0 && start > 0 && text.charCodeAt(start - 1) === secret.charCodeAt(m - 1)) {
      start--;
      m--;
    }
    spans.push([start, j + w]);
  }
}

/** Replaces the ranges of `text`, merged where they overlap or touch, with `[redacted]`. */
function replaceRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  let i = 0;
  while (i < ranges.length) {
    const [start] = ranges[i] as [number, number];
    let end = (ranges[i] as [number, number])[1];
    for (i++; i < ranges.length && (ranges[i] as [number, number])[0] <= end; i++) end = Math.max(end, (ranges[i] as [number, number])[1]);
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

function identity(text: string): Reading {
  return { text, start: (i) => i, end: (i) => i + 1 };
}

/**
 * One decoding: `scan` calls `emit(textStart, textEnd, units)` for each escape, in order; the text between
 * escapes reads as itself. `quick` says whether the text can hold an escape at all.
 */
interface Decoding {
  readonly quick: (text: string) => boolean;
  readonly scan: (text: string, emit: (start: number, end: number, units: string) => void) => void;
}

/**
 * Decodes `text`. The first pass builds only the decoded string; the index map (escape positions, looked up by
 * binary search) is built in a second pass, and only when a secret was found, so a large body with many escapes
 * and no secret costs one linear pass.
 */
function decodeWith(decoding: Decoding): Decoder {
  return (text) => {
    if (!decoding.quick(text)) return undefined;
    const parts: string[] = [];
    let at = 0;
    decoding.scan(text, (start, end, units) => {
      parts.push(text.slice(at, start), units);
      at = end;
    });
    if (parts.length === 0) return undefined;
    parts.push(text.slice(at));
    return new MappedReading(parts.join(''), text, decoding);
  };
}

/** A decoded reading whose index map is built on first use. */
class MappedReading implements Reading {
  readonly text: string;
  readonly #source: string;
  readonly #decoding: Decoding;
  /** Per escape: decoded index, decoded length, text start, text end. */
  #events: number[] | undefined;

  constructor(text: string, source: string, decoding: Decoding) {
    this.text = text;
    this.#source = source;
    this.#decoding = decoding;
  }

  start(i: number): number {
    return this.#locate(i)[0];
  }

  end(i: number): number {
    return this.#locate(i)[1];
  }

  /** Text range of decoded unit `i`: the whole escape it belongs to, or the one raw character. */
  #locate(i: number): [number, number] {
    const ev = this.#map();
    let lo = 0;
    let hi = ev.length / 4 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((ev[mid * 4] as number) <= i) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return [i, i + 1];
    const [d, len, start, end] = ev.slice(found * 4, found * 4 + 4) as [number, number, number, number];
    if (i < d + len) return [start, end];
    const t = end + (i - d - len);
    return [t, t + 1];
  }

  #map(): number[] {
    if (this.#events !== undefined) return this.#events;
    const events: number[] = [];
    let decoded = 0;
    let at = 0;
    this.#decoding.scan(this.#source, (start, end, units) => {
      decoded += start - at;
      events.push(decoded, units.length, start, end);
      decoded += units.length;
      at = end;
    });
    this.#events = events;
    return events;
  }
}

/** URL-decoding: `%XX` runs as UTF-8 (invalid bytes become U+FFFD), `+` as space. */
const percent: Decoding = {
  quick: (text) => text.includes('%') || text.includes('+'),
  scan: (text, emit) => {
    const re = /%[0-9a-fA-F]{2}|\+/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0] === '+') {
        emit(m.index, m.index + 1, ' ');
        continue;
      }
      const [units, length] = utf8At(text, m.index);
      emit(m.index, m.index + length, units);
      re.lastIndex = m.index + length;
    }
  },
};

/** One code point from the `%XX` run at `i`: its UTF-16 units and how many text characters it took. */
function utf8At(text: string, i: number): [string, number] {
  const byte = (at: number): number => (text[at] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(at + 1, at + 3)) ? parseInt(text.slice(at + 1, at + 3), 16) : -1);
  const lead = byte(i);
  const n = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  let cp = n === 1 ? lead : n === 2 ? lead & 0x1f : n === 3 ? lead & 0x0f : lead & 0x07;
  for (let k = 1; k < n; k++) {
    const b = byte(i + 3 * k);
    if (b < 0x80 || b > 0xbf) return ['\ufffd', 3];
    cp = (cp << 6) | (b & 0x3f);
  }
  if (n === 0 || cp > 0x10ffff) return ['\ufffd', 3];
  return [String.fromCodePoint(cp), 3 * n];
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** JSON string unescaping (`\uXXXX` unit by unit, so surrogate pairs match the secret's own units). */
const json: Decoding = {
  quick: (text) => text.includes('\\'),
  scan: (text, emit) => {
    const re = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      emit(m.index, m.index + m[0].length, m[1] !== undefined ? String.fromCharCode(parseInt(m[1], 16)) : (JSON_ESCAPES[m[2] as string] as string));
    }
  },
};

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML unescaping of the five special characters and of numeric references. */
const html: Decoding = {
  quick: (text) => text.includes('&'),
  scan: (text, emit) => {
    const re = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const cp = m[1] !== undefined ? -1 : parseInt((m[2] ?? m[3]) as string, m[2] === undefined ? 16 : 10);
      if (cp > 0x10ffff) continue;
      emit(m.index, m.index + m[0].length, m[1] !== undefined ? (ENTITIES[m[1]] as string) : String.fromCodePoint(cp));
    }
  },
};

const DECODERS: readonly Decoder[] = [decodeWith(percent), decodeWith(json), decodeWith(html)];
