/**
 * Pre-send checks against ActionMeta.params: required params present, values of the declared type or of a type
 * that means the same on the wire (runtime/wire-equivalent.ts), which are put in the wire's spelling.
 */
import type { ObjectShape, Shape } from './meta.js';
import { isPlainObject } from './sign.js';
import { REFUSED, refusedString, toWire } from './wire-equivalent.js';

/** Problems found, one line each (`Disks.0.Size: expected integer, got string`); empty when valid. */
export function validateParams(params: Record<string, unknown>, shape: ObjectShape): string[] {
  return checkParams(params, shape).issues;
}

/**
 * The checks of validateParams, and the params to send: wire-equivalent values in the wire's spelling
 * (`Limit: '010'` -> `'10'`, `ReleaseUDisk: 'TRUE'` -> `'true'`). The caller's objects are never changed: an
 * object or array is copied only when something under it is respelled.
 */
export function checkParams(params: Record<string, unknown>, shape: ObjectShape): { params: Record<string, unknown>; issues: string[] } {
  const issues: string[] = [];
  const out = checkObject(params, shape, '', issues);
  return { params: out, issues };
}

function checkObject(value: Record<string, unknown>, shape: ObjectShape, prefix: string, issues: string[]): Record<string, unknown> {
  for (const name of shape.r ?? []) {
    if (value[name] === undefined || value[name] === null) issues.push(`${prefix}${name}: required but missing`);
  }
  let out = value;
  for (const name of Object.keys(value)) {
    const field = shape.f[name];
    const v = value[name];
    if (field === undefined || v === undefined || v === null) continue; // unknown params pass through
    const sent = check(v, field, `${prefix}${name}`, issues);
    if (sent !== v) {
      if (out === value) out = { ...value };
      out[name] = sent;
    }
  }
  return out;
}

function check(v: unknown, shape: Shape, path: string, issues: string[]): unknown {
  if (typeof shape === 'string') return checkScalar(v, shape, path, issues);
  if (Array.isArray(shape)) {
    if (!Array.isArray(v)) {
      issues.push(`${path}: expected an array, got ${kind(v)}`);
      return v;
    }
    let out: unknown[] = v;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (item === undefined || item === null) continue;
      const sent = check(item, shape[0] as Shape, `${path}.${i}`, issues);
      if (sent !== item) {
        if (out === v) out = [...v];
        out[i] = sent;
      }
    }
    return out;
  }
  if (!isPlainObject(v)) {
    issues.push(`${path}: expected an object, got ${kind(v)}`);
    return v;
  }
  return checkObject(v, shape as ObjectShape, `${path}.`, issues);
}

function checkScalar(v: unknown, shape: 's' | 'i' | 'n' | 'b' | 'o' | 'u', path: string, issues: string[]): unknown {
  if (shape === 'u') return v;
  if (shape === 'o') {
    if (!isPlainObject(v)) issues.push(`${path}: expected an object, got ${kind(v)}`);
    return v;
  }
  const sent = toWire(v, shape);
  if (sent !== REFUSED) return sent;
  const expected = { s: 'string', i: 'integer', n: 'number', b: 'boolean' }[shape];
  issues.push(`${path}: expected ${expected}, got ${typeof v === 'string' ? refusedString(shape) : kind(v)}`);
  return v;
}

/** Type name without the value (values may be secrets). */
function kind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : Number.isFinite(v) ? 'non-integer number' : String(v);
  if (typeof v === 'object') return (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
  return typeof v;
}
