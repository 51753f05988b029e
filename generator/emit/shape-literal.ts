/**
 * A compact Shape (runtime/meta.ts, made from the spec by spec/shape.ts) as a literal for an action's meta const:
 * 's' string, 'i' integer, 'n' number, 'b' boolean, 'o' free-form object, 'u' unknown, [s] array, {f, r} object.
 */
import type { ObjectShape, Shape } from '../../runtime/meta.js';
import type { ActionSpec } from '../spec/model.js';
import { responseShape } from '../spec/shape.js';
import { jsString, type Lit } from './layout.js';
import { propertyName } from './identifiers.js';

/** `{ f: { Name: 's' }, r: ['Name'] }` (`r` left out when empty). */
export function shapeLit(shape: ObjectShape): Lit {
  const obj: [string, Lit][] = [['f', { obj: Object.keys(shape.f).map((name) => [propertyName(name), lit(shape.f[name] as Shape)]) }]];
  if (shape.r !== undefined && shape.r.length > 0) obj.push(['r', { arr: shape.r.map((name) => ({ raw: jsString(name) })) }]);
  return { obj };
}

function lit(shape: Shape): Lit {
  if (typeof shape === 'string') return { raw: `'${shape}'` };
  if (Array.isArray(shape)) return { arr: [lit(shape[0] as Shape)] };
  return shapeLit(shape as ObjectShape);
}

/** The meta's entries for response checking (`validateResponses`): product, doc page, documented response. */
export function responseCheckEntries(spec: ActionSpec): [string, Lit][] {
  return [
    ['product', { raw: jsString(spec.product) }],
    ['doc', { raw: jsString(spec.source) }],
    ['response', shapeLit(responseShape(spec))],
  ];
}
