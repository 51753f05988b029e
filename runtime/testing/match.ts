/**
 * Deep partial matching of a request against a stub's (or a matcher's) partial request:
 * - an object matches when every key the partial names matches (keys the partial leaves out are anything);
 * - an array matches an array of the same length whose items match item by item (items may be partial objects);
 * - `undefined` in the partial matches an absent or undefined value;
 * - an asymmetric matcher (vitest's or jest's `expect.any(String)`, `expect.stringMatching(...)`) decides for itself;
 * - anything else by `Object.is` (so `1` never matches `'1'`).
 */

interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
}

function isAsymmetric(v: unknown): v is AsymmetricMatcher {
  return typeof v === 'object' && v !== null && typeof (v as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether `actual` matches the deep partial `partial` (rules above). */
export function matchesPartial(actual: unknown, partial: unknown): boolean {
  if (isAsymmetric(partial)) return partial.asymmetricMatch(actual);
  if (Array.isArray(partial)) {
    return Array.isArray(actual) && actual.length === partial.length && partial.every((p, i) => matchesPartial(actual[i], p));
  }
  if (isPlainObject(partial)) {
    if (!isPlainObject(actual)) return false;
    return Object.keys(partial).every((k) => matchesPartial(actual[k], partial[k]));
  }
  return Object.is(actual, partial);
}

/** Whether two partial requests are the same (so `mock.on(fn, partial)` twice returns one stub). */
export function samePartial(a: unknown, b: unknown): boolean {
  if (isAsymmetric(a) || isAsymmetric(b)) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => samePartial(x, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && samePartial(a[k], b[k]));
  }
  return Object.is(a, b);
}
