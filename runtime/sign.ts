/**
 * Wire encoding and request signing, shared by the client and by the mock server of `scloud-gen mock`.
 *
 * One flattener feeds both the signature and the form body, so the two can never disagree:
 * arrays become `Key.0`, `Key.1`; objects `Key.Field`; nested to any depth; `undefined`/`null` are skipped.
 */
import { sha1HexSync, sha1HexWeb } from './sha1.js';

/** Thrown when a param value cannot be put on the wire (a Date, a Map, NaN, a class instance...). */
export class EncodeError extends TypeError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`cannot encode param "${path}": ${message}`);
    this.name = 'EncodeError';
    this.path = path;
  }
}

/** Flattens nested params into wire key/value pairs. Keys come out in insertion order. */
export function flattenParams(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(params)) {
    throw new EncodeError('(root)', `params must be a plain object, got ${describe(params)}`);
  }
  for (const key of Object.keys(params)) {
    flattenInto(out, key, params[key]);
  }
  return out;
}

function flattenInto(out: Record<string, string>, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  switch (typeof value) {
    case 'string':
      out[path] = value;
      return;
    case 'number':
      out[path] = formatNumber(value, path);
      return;
    case 'boolean':
      out[path] = value ? 'true' : 'false';
      return;
    case 'bigint':
      out[path] = value.toString();
      return;
    case 'object':
      break;
    default:
      throw new EncodeError(path, `${typeof value} values are not allowed; pass a string, number or boolean`);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) flattenInto(out, `${path}.${i}`, value[i]);
    return;
  }
  if (!isPlainObject(value)) {
    throw new EncodeError(
      path,
      `${describe(value)} is not allowed; pass a string, number, boolean, array or plain object (format Dates yourself, e.g. as Unix seconds)`,
    );
  }
  for (const key of Object.keys(value)) flattenInto(out, `${path}.${key}`, value[key]);
}

/** An object literal or `Object.create(null)`: not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `a ${name ?? 'non-plain'} object`;
}

/**
 * Plain decimal, never exponent notation: `1e-7` -> `0.0000001`, `1e21` -> `1000000000000000000000`,
 * `2.0` -> `2`, `-0` -> `0`. NaN and infinities are rejected.
 */
export function formatNumber(n: number, path = '(value)'): string {
  if (!Number.isFinite(n)) throw new EncodeError(path, `${n} is not a finite number`);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp; // position of the decimal point within `digits`
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}

/** SHA-1 hex, synchronous: node:crypto's where the runtime has it (Node, Bun, Deno); else it says what to use. */
const sha1Hex: (text: string) => string =
  sha1HexSync ??
  (() => {
    throw new Error('signing without await needs node:crypto, which this runtime lacks; use signAndEncodeAsync');
  });

/** Sorts keys (as strings), concatenates key+value, appends the private key; SHA1, lowercase hex. Needs node:crypto. */
export function signParams(flat: Record<string, string>, privateKey: string): string {
  const keys = sortKeys(Object.keys(flat));
  let text = '';
  for (const key of keys) if (key !== 'Signature') text += key + flat[key];
  return sha1Hex(text + privateKey);
}

/**
 * What the client uses: signs `flat`, adds `Signature` to it and returns the form body, in one pass over the
 * sorted keys: the body lists the params in signing order, then `Signature`. Same params and signature as
 * `flat.Signature = signParams(flat, key); encodeForm(flat)`, in canonical order. Needs node:crypto.
 */
export function signAndEncode(flat: Record<string, string>, privateKey: string): string {
  const [text, body] = canonical(flat);
  return withSignature(flat, body, sha1Hex(text + privateKey));
}

/** {@link signAndEncode} in every runtime: the same body, signed through Web Crypto where there is no node:crypto (a Worker). */
export async function signAndEncodeAsync(flat: Record<string, string>, privateKey: string): Promise<string> {
  if (sha1HexSync !== undefined) return signAndEncode(flat, privateKey);
  const [text, body] = canonical(flat);
  return withSignature(flat, body, await sha1HexWeb(text + privateKey));
}

/** The text to sign and the form body of `flat`, both in signing order (sorted keys), `Signature` left out: one pass. */
function canonical(flat: Record<string, string>): [text: string, body: string] {
  const keys = sortKeys(Object.keys(flat));
  let text = '';
  let body = '';
  for (const key of keys) {
    if (key === 'Signature') continue;
    const value = flat[key] as string;
    text += key + value;
    body += `${body.length === 0 ? '' : '&'}${formPair(key, value)}`;
  }
  return [text, body];
}

/** Sets `flat.Signature` and returns the body with it appended. */
function withSignature(flat: Record<string, string>, body: string, signature: string): string {
  flat.Signature = signature;
  return `${body}${body.length === 0 ? '' : '&'}Signature=${signature}`;
}

/** Code-unit order, as `Array.prototype.sort()`; insertion sort is faster for the usual 5-40 keys. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 64) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** Form body (`application/x-www-form-urlencoded`, UTF-8) of flat params, in insertion order. */
export function encodeForm(flat: Record<string, string>): string {
  let body = '';
  for (const key of Object.keys(flat)) {
    body += `${body.length === 0 ? '' : '&'}${formPair(key, flat[key] as string)}`;
  }
  return body;
}

/** One `key=value` of a form body, both escaped. */
function formPair(key: string, value: string): string {
  return `${formEscape(key)}=${formEscape(value, key)}`;
}

/** 1 for the characters that never need escaping (RFC 3986 unreserved). */
const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') UNRESERVED[c.charCodeAt(0)] = 1;

/** Percent-encoding of UTF-8 (space as %20, which every form decoder accepts); most keys and values need none. */
function formEscape(s: string, key = s): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || UNRESERVED[c] === 0) return escapeSlow(s, key);
  }
  return s;
}

/** The last escaped PublicKey (it needs escaping, `@`/`+`/`/`, in every request); no other value is kept. */
let lastKey = '';
let lastKeyEscaped = '';

function escapeSlow(s: string, key: string): string {
  if (key === 'PublicKey' && s === lastKey) return lastKeyEscaped;
  try {
    const escaped = encodeURIComponent(s);
    if (key === 'PublicKey') {
      lastKey = s;
      lastKeyEscaped = escaped;
    }
    return escaped;
  } catch (error) {
    if (error instanceof URIError) throw new EncodeError(key, 'contains a lone UTF-16 surrogate, which has no UTF-8 form');
    throw error;
  }
}
