/**
 * The compact param Shape of runtime/meta.ts, as a literal for an action's meta const.
 * 's' string, 'i' integer, 'n' number, 'b' boolean, 'o' free-form object, 'u' unknown, [s] array, {f, r} object.
 */
import type { Field, Model, TypeNode } from '../spec/model.js';
import { jsString, type Lit } from './layout.js';
import { propertyName } from './names.js';

/** Object shape of a field list: `{ f: { Name: 's' }, r: ['Name'] }` (`r` left out when empty). */
export function objectShape(fields: Field[], models: Map<string, Model>, stack: string[] = []): Lit {
  const seen = new Set<string>();
  const entries: [string, Lit][] = [];
  const required: Lit[] = [];
  for (const f of fields) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    entries.push([propertyName(f.name), shape(f, models, stack)]);
    if (f.required) required.push({ raw: jsString(f.name) });
  }
  const obj: [string, Lit][] = [['f', { obj: entries }]];
  if (required.length > 0) obj.push(['r', { arr: required }]);
  return { obj };
}

const SCALAR: Record<string, string> = { string: "'s'", integer: "'i'", number: "'n'", boolean: "'b'" };

function shape(t: TypeNode, models: Map<string, Model>, stack: string[]): Lit {
  const scalar = SCALAR[t.type];
  if (scalar !== undefined) return { raw: scalar };
  switch (t.type) {
    case 'array':
      return { arr: [shape(t.items ?? { type: 'unknown' }, models, stack)] };
    case 'object':
      return t.fields === undefined || t.fields.length === 0 ? { raw: "'o'" } : objectShape(t.fields, models, stack);
    case 'model': {
      const m = models.get(t.model ?? '');
      if (m === undefined || stack.includes(m.name)) return { raw: "'u'" };
      return objectShape(m.fields, models, [...stack, m.name]);
    }
    default:
      return { raw: "'u'" };
  }
}
