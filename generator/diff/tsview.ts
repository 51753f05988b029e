/**
 * How the generated client types a spec node, reduced to what decides assignability (mirrors
 * generator/emit/type-text.ts `typeText`): integer and number are both `number`; an object without fields (or
 * with an empty field list) is `Record<string, unknown>`; an object with fields or a model defined on the page
 * is an interface (a model may have no fields: `interface X {}`); a model the page does not define and an
 * undocumented type are `unknown`. Field lists keep the first of repeated names, as the emitter does.
 */
import type { Field, Model, ScalarType, TypeNode } from '../spec/model.js';

export type TsView =
  | { kind: 'scalar'; ts: 'string' | 'number' | 'boolean'; spec: ScalarType }
  | { kind: 'unknown' }
  | { kind: 'record' }
  | { kind: 'array'; items: TypeNode }
  | { kind: 'interface'; fields: Field[]; model?: string };

/** A page's models by name (the last definition wins, as in the emitter's page maps). */
export type PageModels = ReadonlyMap<string, Model>;

const SCALAR_TS = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean' } as const;

/** The TS view of `t` as the page with models `page` generates it. */
export function viewOf(t: TypeNode, page: PageModels): TsView {
  switch (t.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', ts: SCALAR_TS[t.type], spec: t.type };
    case 'array':
      return { kind: 'array', items: t.items ?? { type: 'unknown' } };
    case 'object':
      return t.fields === undefined || t.fields.length === 0 ? { kind: 'record' } : { kind: 'interface', fields: uniqueFields(t.fields) };
    case 'model': {
      const m = page.get(t.model ?? '');
      return m === undefined ? { kind: 'unknown' } : { kind: 'interface', fields: uniqueFields(m.fields), model: m.name };
    }
    default:
      return { kind: 'unknown' };
  }
}

/** Fields as properties: the first of repeated names is kept (emit/types.ts `fieldsToProps`). */
export function uniqueFields(fields: readonly Field[]): Field[] {
  const seen = new Set<string>();
  const out: Field[] = [];
  for (const f of fields) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    out.push(f);
  }
  return out;
}

/**
 * Is a value of TS view `src` assignable to `tgt`, for two views of different kinds (same kinds are compared
 * member by member by the caller)? TypeScript's rules under `strict` for the types the emitter writes:
 * everything but `unknown` goes into an empty interface; `Record<string, unknown>` goes into an interface whose
 * properties are all optional (an interface never goes into a Record: it has no index signature); anything else
 * across kinds is an error. Verified against the compiler by test/heavy/replay.test.ts.
 */
export function assignableAcrossKinds(src: TsView, tgt: TsView): boolean {
  if (tgt.kind === 'unknown') return true;
  if (src.kind === 'unknown') return false;
  if (tgt.kind === 'interface') {
    if (tgt.fields.length === 0) return true;
    return src.kind === 'record' && tgt.fields.every((f) => !f.required);
  }
  return false;
}

/** True when the view has named keys at some depth (an interface with fields, or arrays of one). */
export function hasKeys(v: TsView, page: PageModels, depth = 0): boolean {
  if (v.kind === 'interface') return v.fields.length > 0;
  if (v.kind === 'array' && depth < 32) return hasKeys(viewOf(v.items, page), page, depth + 1);
  return false;
}
