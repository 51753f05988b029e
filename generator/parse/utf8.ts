/**
 * Page bytes -> text. Valid UTF-8 (the usual case) is decoded natively; otherwise the page is still decoded
 * (each invalid sequence becomes U+FFFD, exactly as TextDecoder does) and every run of invalid sequences is
 * reported at its line and column: lines end at LF, CRLF or a lone CR, columns count the characters (code
 * points) of the decoded line, 1-based. A leading BOM is dropped without a report.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export interface InvalidRun {
  line: number;
  col: number;
  /** The first (at most 8) invalid bytes of the run. */
  bytes: number[];
  /** Number of invalid bytes in the run. */
  byteCount: number;
  /** Number of invalid sequences (U+FFFD characters) in the run. */
  count: number;
}

export interface Decoded {
  text: string;
  /** Runs of adjacent invalid sequences, in order; empty for valid UTF-8. */
  invalid: InvalidRun[];
}

const lenient = new TextDecoder('utf-8');

/** Decode a page; never throws. Valid UTF-8 is checked (simdutf) and decoded by Buffer, faster than TextDecoder. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, invalid: [] };
  }
  return { text: lenient.decode(bytes), invalid: findInvalid(bytes) };
}

/** Lead byte -> [continuation bytes needed, lowest and highest allowed first continuation byte]. */
function leadOf(b: number): [number, number, number] | undefined {
  if (b >= 0xc2 && b <= 0xdf) return [1, 0x80, 0xbf];
  if (b === 0xe0) return [2, 0xa0, 0xbf];
  if (b === 0xed) return [2, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [2, 0x80, 0xbf];
  if (b === 0xf0) return [3, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [3, 0x80, 0xbf];
  if (b === 0xf4) return [3, 0x80, 0x8f];
  return undefined;
}

/** The WHATWG UTF-8 decoder's error positions (one U+FFFD per maximal invalid subpart), with line and column. */
export function findInvalid(bytes: Uint8Array): InvalidRun[] {
  const runs: InvalidRun[] = [];
  let line = 1;
  let col = 1;
  let lastCR = false;
  /** Index in `runs` of the run the previous character belongs to, or -1 after a valid character. */
  let open = -1;
  const bad = (from: number, to: number): void => {
    const kept = Array.from(bytes.subarray(from, Math.min(to, from + 8)));
    if (open >= 0) {
      const run = runs[open]!;
      run.count++;
      run.byteCount += to - from;
      for (const b of kept) if (run.bytes.length < 8) run.bytes.push(b);
    } else {
      runs.push({ line, col, bytes: kept, byteCount: to - from, count: 1 });
      open = runs.length - 1;
    }
    col++;
    lastCR = false;
  };
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      open = -1;
      if (b === 0x0a) {
        if (!lastCR) line++;
        col = 1;
      } else if (b === 0x0d) {
        line++;
        col = 1;
      } else col++;
      lastCR = b === 0x0d;
      i++;
      continue;
    }
    const lead = leadOf(b);
    if (!lead) {
      bad(i, i + 1);
      i++;
      continue;
    }
    const [need, lo, hi] = lead;
    let j = i + 1;
    while (j - i <= need && j < bytes.length && bytes[j]! >= (j === i + 1 ? lo : 0x80) && bytes[j]! <= (j === i + 1 ? hi : 0xbf)) j++;
    if (j - i === need + 1) {
      open = -1;
      col++;
      lastCR = false;
    } else bad(i, j);
    i = j;
  }
  return runs;
}
