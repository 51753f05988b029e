/** Pre-send checks against ActionMeta.params: required params present, values of the declared type. */
import type { ObjectShape, Shape } from './meta.js';

/** Problems found, one line each (`Disks.0.Size: expected integer, got string`); empty when valid. */
export function validateParams(params: Record<string, unknown>, shape: ObjectShape): string[] {
  const issues: string[] = [];
  checkObject(params, shape, '', issues);
  return issues;
}

function checkObject(value: Record<string, unknown>, shape: ObjectShape, prefix: string, issues: string[]): void {
  for (const name of shape.r ?? []) {
    if (value[name] === undefined || value[name] === null) issues.push(`${prefix}${name}: required but missing`);
  }
  for (const name of Object.keys(value)) {
    const field = shape.f[name];
    const v = value[name];
    if (field === undefined || v === undefined || v === null) continue; // unknown params pass through
    check(v, field, `${prefix}${name}`, issues);
  }
}

function check(v: unknown, shape: Shape, path: string, issues: string[]): void {
  if (typeof shape === 'string') {
    const problem = checkScalar(v, shape);
    if (problem !== undefined) issues.push(`${path}: ${problem}`);
    return;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(v)) {
      issues.push(`${path}: expected an array, got ${kind(v)}`);
      return;
    }
    v.forEach((item, i) => {
      if (item !== undefined && item !== null) check(item, shape[0] as Shape, `${path}.${i}`, issues);
    });
    return;
  }
  if (!isPlain(v)) {
    issues.push(`${path}: expected an object, got ${kind(v)}`);
    return;
  }
  checkObject(v, shape as ObjectShape, `${path}.`, issues);
}

function checkScalar(v: unknown, shape: 's' | 'i' | 'n' | 'b' | 'o' | 'u'): string | undefined {
  switch (shape) {
    case 's': return typeof v === 'string' ? undefined : `expected string, got ${kind(v)}`;
    case 'i': return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' ? undefined : `expected integer, got ${kind(v)}`;
    case 'n': return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected number, got ${kind(v)}`;
    case 'b': return typeof v === 'boolean' ? undefined : `expected boolean, got ${kind(v)}`;
    case 'o': return isPlain(v) ? undefined : `expected an object, got ${kind(v)}`;
    case 'u': return undefined;
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Type name without the value (values may be secrets). */
function kind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : Number.isFinite(v) ? 'non-integer number' : String(v);
  if (typeof v === 'object') return (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
  return typeof v;
}
