/**
 * Response bodies for the mock: the page's response example when it is usable, completed from the response
 * schema; a body built entirely from the schema when the example is missing or broken.
 */
import type { ActionSpec, Field, Model, TypeNode } from '../spec/model.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The success body for one action: always `RetCode: 0` and `Action: <Action>Response`. */
export function successBody(spec: ActionSpec): Record<string, unknown> {
  const example = spec.examples?.response;
  const built = fromSchema(spec);
  const body: Record<string, unknown> = isPlainObject(example) ? structuredClone(example) : {};
  // Complete the example with required fields it lacks, so the typed client gets what its types promise.
  for (const f of spec.response) if (f.required && body[f.name] === undefined) body[f.name] = built[f.name];
  if (!isPlainObject(example)) Object.assign(body, built);
  body.RetCode = 0;
  body.Action = `${spec.action}Response`;
  return body;
}

/** Every documented response field with a plausible value (`Message` left out: it is for errors). */
export function fromSchema(spec: ActionSpec): Record<string, Json> {
  const models = new Map(spec.models.map((m) => [m.name, m]));
  const out: Record<string, Json> = {};
  for (const f of spec.response) {
    if (f.name === 'Message' && !f.required) continue;
    out[f.name] = sampleField(f, models, new Set());
  }
  return out;
}

function sampleField(f: Field, models: Map<string, Model>, seen: Set<string>): Json {
  if (f.enum !== undefined && f.enum.length > 0) return cast(f.enum[0]!, f);
  if (f.default !== undefined) return cast(f.default, f);
  return sampleType(f, f.name, models, seen);
}

function sampleType(t: TypeNode, name: string, models: Map<string, Model>, seen: Set<string>): Json {
  switch (t.type) {
    case 'string':
      return `${name}-example`;
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return t.items === undefined ? [] : [sampleType(t.items, name, models, seen)];
    case 'object':
      return objectOf(t.fields ?? [], models, seen);
    case 'model': {
      const m = t.model === undefined ? undefined : models.get(t.model);
      // An unknown model or a cycle (a model containing itself) ends as an empty object.
      if (m === undefined || seen.has(m.name)) return {};
      return objectOf(m.fields, models, new Set([...seen, m.name]));
    }
    default:
      return null;
  }
}

function objectOf(fields: readonly Field[], models: Map<string, Model>, seen: Set<string>): Json {
  const o: Record<string, Json> = {};
  for (const f of fields) o[f.name] = sampleField(f, models, seen);
  return o;
}

/** An enum or default value, typed like the field when it parses as that type. */
function cast(value: string, t: TypeNode): Json {
  if (t.type === 'array') return [cast(value, t.items ?? { type: 'string' })];
  if (t.type === 'integer' || t.type === 'number') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (t.type === 'boolean') return value === 'true';
  return value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
