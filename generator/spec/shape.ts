/**
 * The spec's types as the runtime's compact Shapes (runtime/meta.ts): the request params of an action's meta
 * (pre-send validation) and its documented response (response checking, and lint's check of response examples).
 * Page models are inlined; a model reached again inside itself is 'u' (not checked), so shapes are finite.
 */
import type { ObjectShape, Shape } from '../../runtime/meta.js';
import type { ActionSpec, Field, Model, TypeNode } from './model.js';

const SCALAR: Readonly<Record<string, Shape>> = { string: 's', integer: 'i', number: 'n', boolean: 'b' };
/** The envelope every answer has, with its usual types: left out of response shapes (the runtime knows it). */
const ENVELOPE: Readonly<Record<string, string>> = { RetCode: 'integer', Action: 'string', Message: 'string' };

/** Object shape of a field list; the first field of a name wins; `r` only when some field is required. */
export function fieldsShape(fields: readonly Field[], models: ReadonlyMap<string, Model>, stack: readonly string[] = []): ObjectShape {
  const f: Record<string, Shape> = Object.create(null) as Record<string, Shape>;
  const r: string[] = [];
  for (const field of fields) {
    if (Object.hasOwn(f, field.name)) continue;
    f[field.name] = typeShape(field, models, stack);
    if (field.required) r.push(field.name);
  }
  return r.length > 0 ? { f, r } : { f };
}

/** The params shape of an action's meta. */
export function requestShape(spec: ActionSpec): ObjectShape {
  return fieldsShape(spec.request, modelMap(spec));
}

/** The documented response of an action without the usual envelope (RetCode integer, Action and Message strings). */
export function responseShape(spec: ActionSpec): ObjectShape {
  return fieldsShape(
    spec.response.filter((f) => ENVELOPE[f.name] !== f.type),
    modelMap(spec),
  );
}

function modelMap(spec: ActionSpec): Map<string, Model> {
  return new Map(spec.models.map((m) => [m.name, m] as const));
}

function typeShape(t: TypeNode, models: ReadonlyMap<string, Model>, stack: readonly string[]): Shape {
  const scalar = SCALAR[t.type];
  if (scalar !== undefined) return scalar;
  switch (t.type) {
    case 'array':
      return [typeShape(t.items ?? { type: 'unknown' }, models, stack)];
    case 'object':
      return t.fields === undefined || t.fields.length === 0 ? 'o' : fieldsShape(t.fields, models, stack);
    case 'model': {
      const m = models.get(t.model ?? '');
      if (m === undefined || stack.includes(m.name)) return 'u';
      return fieldsShape(m.fields, models, [...stack, m.name]);
    }
    default:
      return 'u';
  }
}
