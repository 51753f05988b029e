/**
 * Response checking: where a parsed response breaks its documented shape (ActionMeta.response). Pure: names
 * paths and JSON types, never values (responses hold the user's data). The drift kinds are defined here; the
 * client's reporting (warn lines, hook, log, ResponseDriftError) is runtime/drift.ts, and `scloud-gen lint`
 * checks the docs' response examples with this same function.
 */
import type { ObjectShape, Shape } from './meta.js';

/**
 * - `type-mismatch`: the JSON type is not the documented one (a number sent as a string, an object where an
 *   array is documented, `null`), at any depth;
 * - `required-missing`: a field documented as required is absent;
 * - `undocumented`: a field the shape does not name (recorded, not warned about: common and harmless).
 */
export type DriftKind = 'type-mismatch' | 'required-missing' | 'undocumented';

/** One finding: a path such as `UHostSet[].DiskSet[].Size` and JSON type names, no value. */
export interface ShapeFinding {
  readonly path: string;
  readonly kind: DriftKind;
  /** The documented type (`string`, `integer`, `number`, `boolean`, `array`, `object`); null for `undocumented`. */
  readonly documented: string | null;
  /** The JSON type received (`string`, `integer`, `number`, `boolean`, `null`, `array`, `object`); null for `required-missing`. */
  readonly received: string | null;
}

/** Top-level fields every answer has; the generator leaves them out of the shapes (runtime/response.ts checks RetCode). */
const ENVELOPE: ReadonlySet<string> = new Set(['RetCode', 'Action', 'Message', 'RequestUUID']);
/** Findings kept per response; a body past this many distinct findings is not walked further. */
export const MAX_FINDINGS = 100;
const DOCUMENTED: Readonly<Record<string, string>> = { s: 'string', i: 'integer', n: 'number', b: 'boolean', o: 'object' };
/** A field name shown as is; other keys (map keys may be data: hosts, tags) are shown as `*`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Every distinct (path, kind, received) where `body` breaks `shape`, in walk order, at most MAX_FINDINGS. */
export function checkResponseShape(body: Readonly<Record<string, unknown>>, shape: ObjectShape): ShapeFinding[] {
  const out = new Findings();
  checkObject(body, shape, '', true, out);
  return out.list;
}

/** Collects findings once per (path, kind, received). */
class Findings {
  readonly list: ShapeFinding[] = [];
  readonly #seen = new Set<string>();

  get full(): boolean {
    return this.list.length >= MAX_FINDINGS;
  }

  add(path: string, kind: DriftKind, documented: string | null, received: string | null): void {
    const key = `${path}\0${kind}\0${received ?? ''}`;
    if (this.full || this.#seen.has(key)) return;
    this.#seen.add(key);
    this.list.push({ path, kind, documented, received });
  }
}

function checkObject(value: Readonly<Record<string, unknown>>, shape: ObjectShape, prefix: string, top: boolean, out: Findings): void {
  const fields = shape.f;
  if (shape.r !== undefined) {
    for (const name of shape.r) {
      const field = fields[name];
      if (value[name] === undefined && field !== undefined) out.add(prefix + name, 'required-missing', documentedName(field), null);
    }
  }
  for (const key in value) {
    if (out.full) return;
    const v = value[key];
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field !== undefined) check(v, field, prefix, key, out);
    else if (v !== undefined && !(top && ENVELOPE.has(key))) out.add(prefix + (NAME.test(key) ? key : '*'), 'undocumented', null, jsonType(v));
  }
}

/** Checks `v` at `prefix + key` (the path is only built for a finding: most fields have none). */
function check(v: unknown, shape: Shape, prefix: string, key: string, out: Findings): void {
  if (typeof shape === 'string') {
    if (v === undefined || fits(v, shape)) return;
    out.add(prefix + key, 'type-mismatch', DOCUMENTED[shape] ?? shape, jsonType(v));
    return;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(v)) {
      if (v !== undefined) out.add(prefix + key, 'type-mismatch', 'array', jsonType(v));
      return;
    }
    checkItems(v, shape[0] as Shape, `${prefix}${key}[]`, out);
    return;
  }
  if (!isObject(v)) {
    if (v !== undefined) out.add(prefix + key, 'type-mismatch', 'object', jsonType(v));
    return;
  }
  checkObject(v, shape as ObjectShape, `${prefix}${key}.`, false, out);
}

/** The items of an array at `path` (`X[]`); an object item's prefix is made once for all items. */
function checkItems(items: readonly unknown[], item: Shape, path: string, out: Findings): void {
  if (item === 'u' || items.length === 0) return;
  if (typeof item === 'object' && !Array.isArray(item)) {
    const prefix = `${path}.`;
    for (let i = 0; i < items.length && !out.full; i++) {
      const v = items[i];
      if (isObject(v)) checkObject(v, item as ObjectShape, prefix, false, out);
      else out.add(path, 'type-mismatch', 'object', jsonType(v));
    }
    return;
  }
  for (let i = 0; i < items.length && !out.full; i++) check(items[i], item, path, '', out);
}

/** Whether a value has the documented scalar type ('n' takes integers too; 'u' anything). */
function fits(v: unknown, shape: 's' | 'i' | 'n' | 'b' | 'o' | 'u'): boolean {
  switch (shape) {
    case 's':
      return typeof v === 'string';
    case 'i':
      return typeof v === 'number' && Number.isInteger(v);
    case 'n':
      return typeof v === 'number';
    case 'b':
      return typeof v === 'boolean';
    case 'o':
      return isObject(v);
    case 'u':
      return true;
  }
}

/** The documented type of a shape, in words. */
export function documentedName(shape: Shape): string {
  if (typeof shape === 'string') return DOCUMENTED[shape] ?? 'unknown';
  return Array.isArray(shape) ? 'array' : 'object';
}

/** JSON type of a parsed value: `string`, `integer`, `number`, `boolean`, `null`, `array`, `object`. */
export function jsonType(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'array' : 'object';
    default:
      return typeof v;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
