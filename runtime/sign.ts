/**
 * Wire encoding and request signing, shared by the client and by the mock server of `scloud-gen mock`.
 *
 * One flattener feeds both the signature and the form body, so the two can never disagree:
 * arrays become `Key.0`, `Key.1`; objects `Key.Field`; nested to any depth; `undefined`/`null` are skipped.
 */
import { createHash } from 'node:crypto';

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
    flattenInto(out, key, (params as Record<string, unknown>)[key]);
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
    throw new EncodeError(path, `${describe(value)} is not allowed; pass a string, number, boolean, array or plain object (format Dates yourself, e.g. as Unix seconds)`);
  }
  for (const key of Object.keys(value)) flattenInto(out, `${path}.${key}`, (value as Record<string, unknown>)[key]);
}

function isPlainObject(value: unknown): value is object {
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

/** Sorts keys (as strings), concatenates key+value, appends the private key; SHA1, lowercase hex. */
export function signParams(flat: Record<string, string>, privateKey: string): string {
  const keys = Object.keys(flat).filter((k) => k !== 'Signature').sort();
  let text = '';
  for (const key of keys) text += key + flat[key];
  return createHash('sha1').update(text + privateKey, 'utf8').digest('hex');
}

/** Form body (`application/x-www-form-urlencoded`, UTF-8) of flat params plus optional extra pairs. */
export function encodeForm(flat: Record<string, string>): string {
  let body = '';
  for (const key of Object.keys(flat)) {
    if (body.length > 0) body += '&';
    try {
      body += formEscape(key) + '=' + formEscape(flat[key] as string);
    } catch (error) {
      if (error instanceof URIError) throw new EncodeError(key, 'contains a lone UTF-16 surrogate, which has no UTF-8 form');
      throw error;
    }
  }
  return body;
}

function formEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
