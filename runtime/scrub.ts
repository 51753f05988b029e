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
import { DECODERS, identity, type Reading } from './scrub-readings.js';

/** Shortest piece of a secret (prefix or suffix) that is still redacted. */
export const FRAGMENT_CHARS = 8;
/** Shortest secret that is searched for at all. */
export const MIN_SECRET_CHARS = 4;
/** Most text characters one UTF-16 unit of a secret can take once encoded (`\uD83D` or `%F0%9F` halves). */
const MAX_ENCODED_PER_UNIT = 6;

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
