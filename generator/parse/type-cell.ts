/** Doc type cell -> TypeNode: string, integer, number, boolean, arrays, model references, object, unknown. */
import { lookup } from './lookup.js';
import type { TypeNode } from '../spec/model.js';

const SCALARS: Record<string, TypeNode['type']> = {
  string: 'string',
  str: 'string',
  text: 'string',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  int32: 'integer',
  int64: 'integer',
  uint: 'integer',
  float: 'number',
  double: 'number',
  number: 'number',
  float64: 'number',
  bool: 'boolean',
  boolean: 'boolean',
};

export interface TypeResult {
  node: TypeNode;
  /** Set when the type could not be normalised (kept raw). */
  unknown?: boolean;
  /** Bare `array` / `object` with no element type: a candidate for the older layout's model-by-description rule. */
  bare?: 'array' | 'object';
}

/** Deepest `array[...]` / `T[]` nesting read; deeper types are kept raw (each level rescans the cell). */
const MAX_TYPE_DEPTH = 8;

const MODEL_LINK = /^\[\s*\**\s*([A-Za-z_][A-Za-z0-9_]*)\s*\**\s*\]\([^)]*\)$/;
const ARRAY_OF = /^array\s*[[<](.*)[\]>]$/is;

/** A type cell as a TypeNode; anything not understood is `{type: unknown, raw}` with `unknown: true`. */
export function normaliseType(rawCell: string): TypeResult {
  return normaliseAt(rawCell, 0);
}

function normaliseAt(rawCell: string, depth: number): TypeResult {
  const raw = rawCell.trim().replace(/\s+/g, ' ');
  if (depth > MAX_TYPE_DEPTH) return { node: { type: 'unknown', raw }, unknown: true };
  const model = MODEL_LINK.exec(raw);
  if (model) return { node: { type: 'model', model: model[1]! } };
  const scalar = lookup(SCALARS, raw.toLowerCase());
  if (scalar) return { node: { type: scalar } };
  const lower = raw.toLowerCase();
  if (lower === 'array' || lower === 'list') return { node: { type: 'array', items: { type: 'unknown', raw: 'array' } }, bare: 'array' };
  if (lower === 'object' || lower === 'map' || lower === 'json') return { node: { type: 'object' }, bare: 'object' };
  const arr = ARRAY_OF.exec(raw);
  if (arr) {
    const inner = normaliseAt(arr[1]!, depth + 1);
    return inner.unknown ? { node: { type: 'unknown', raw }, unknown: true } : { node: { type: 'array', items: inner.node } };
  }
  const listOf = /^(.*)\[\]$/.exec(raw);
  if (listOf) {
    const inner = normaliseAt(listOf[1]!, depth + 1);
    if (!inner.unknown) return { node: { type: 'array', items: inner.node } };
  }
  return { node: { type: 'unknown', raw }, unknown: true };
}
