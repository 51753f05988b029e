/**
 * Params for calling an action in tests: the page's request example turned back into typed nested params
 * (`DataUDiskIds.N=x` -> `DataUDiskIds: ['x']`, `Disks.0.Size=20` -> `Disks: [{ Size: 20 }]`), plus a
 * plausible value for every required param the example leaves out.
 */
import type { ActionSpec, Field, Model, TypeNode } from '../../generator/spec/model.js';

type Entry = [path: string[], value: string];
type Models = Map<string, Model>;

const PUBLIC = new Set(['Action', 'PublicKey', 'Signature']);

export function exampleParams(spec: ActionSpec): Record<string, unknown> {
  const models: Models = new Map(spec.models.map((m) => [m.name, m]));
  const entries: Entry[] = Object.entries(spec.examples?.request ?? {}).map(([k, v]) => [k.split('.'), v]);
  const out: Record<string, unknown> = {};
  for (const f of spec.request) {
    if (PUBLIC.has(f.name)) continue;
    const mine = entries.filter(([p]) => p[0] === f.name).map(([p, v]): Entry => [p.slice(1), v]);
    const value = mine.length > 0 ? build(mine, f, models, 0) : undefined;
    if (value !== undefined) out[f.name] = value;
    else if (f.required) out[f.name] = sample(f, f.name, models, 0);
  }
  return out;
}

function build(entries: Entry[], t: TypeNode, models: Models, depth: number): unknown {
  if (depth > 8) return undefined;
  switch (t.type) {
    case 'array': {
      const items = t.items ?? { type: 'string' };
      const direct = entries.filter(([p]) => p.length === 0).map(([, v]) => cast(v, items));
      const groups = groupBy(
        entries.filter(([p]) => p.length > 0),
        (p) => (/^\d+$/.test(p) ? p : '0'),
      );
      const list = [...direct, ...[...groups.values()].map((g) => build(g, items, models, depth + 1))].filter((v) => v !== undefined);
      return list.length > 0 ? list : undefined;
    }
    case 'object':
    case 'model': {
      const fields = t.type === 'model' ? models.get(t.model ?? '')?.fields : t.fields;
      if (fields === undefined) return undefined;
      const o: Record<string, unknown> = {};
      const groups = groupBy(
        entries.filter(([p]) => p.length > 0),
        (p) => p,
      );
      for (const f of fields) {
        const g = groups.get(f.name);
        const v = g === undefined ? undefined : build(g, f, models, depth + 1);
        if (v !== undefined) o[f.name] = v;
        else if (f.required) o[f.name] = sample(f, f.name, models, depth + 1);
      }
      return Object.keys(o).length > 0 ? o : undefined;
    }
    default: {
      const leaf = entries.find(([p]) => p.length === 0);
      return leaf === undefined ? undefined : cast(leaf[1], t);
    }
  }
}

function groupBy(entries: Entry[], keyOf: (first: string) => string): Map<string, Entry[]> {
  const m = new Map<string, Entry[]>();
  for (const [p, v] of entries) {
    const k = keyOf(p[0]!);
    m.set(k, [...(m.get(k) ?? []), [p.slice(1), v]]);
  }
  return m;
}

/** A doc example value as the field's type; a value that does not parse (`xxx` for an int) becomes a sample. */
function cast(v: string, t: TypeNode): unknown {
  switch (t.type) {
    case 'integer': {
      const n = Number(v);
      return Number.isInteger(n) ? n : 1;
    }
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? n : 1;
    }
    case 'boolean':
      return v.toLowerCase() === 'true';
    case 'array':
      return [cast(v, t.items ?? { type: 'string' })];
    case 'object':
    case 'model':
      return undefined;
    default:
      return v;
  }
}

function sample(f: TypeNode, name: string, models: Models, depth: number): unknown {
  const enumValue = (f as Partial<Field>).enum?.[0];
  if (enumValue !== undefined) return cast(enumValue, f);
  switch (f.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(f.items ?? { type: 'string' }, name, models, depth + 1)];
    case 'object':
    case 'model': {
      const fields = f.type === 'model' ? models.get(f.model ?? '')?.fields : f.fields;
      if (fields === undefined || depth > 8) return {};
      return Object.fromEntries(fields.filter((x) => x.required).map((x) => [x.name, sample(x, x.name, models, depth + 1)]));
    }
    case 'unknown':
      return `${name}-test`;
    default:
      return `${name}-test`;
  }
}
