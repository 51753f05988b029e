/**
 * The readings the Scrubber searches (runtime/scrub.ts): the text as is, URL-decoded, JSON-unescaped and
 * HTML-unescaped, each with a map from decoded units back to the text range they came from.
 */

/** A reading of a text: the decoded string and, per decoded UTF-16 unit, the text range it came from. */
export interface Reading {
  readonly text: string;
  /** First text index of decoded unit `i`. */
  start(i: number): number;
  /** Text index after decoded unit `i`. */
  end(i: number): number;
}
export type Decoder = (text: string) => Reading | undefined;

/** The text read as is. */
export function identity(text: string): Reading {
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
  const byte = (at: number): number =>
    text[at] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(at + 1, at + 3)) ? parseInt(text.slice(at + 1, at + 3), 16) : -1;
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

/** The decoded readings, tried on every text. */
export const DECODERS: readonly Decoder[] = [decodeWith(percent), decodeWith(json), decodeWith(html)];
