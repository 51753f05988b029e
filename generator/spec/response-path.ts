/**
 * A response path as the runtime's response check names it (`UHostSet[].DiskSet[].Size`, runtime/response-check.ts)
 * back to the spec: the table that holds its row (the response table or a page model: the runtime's shapes inline
 * models, the docs do not) and the fields from that table's row down to it. Used by `scloud-gen drift` and lint.
 */
import type { Field, Model, TypeNode } from './model.js';

/** One segment of a path inside its table: the field (absent when undocumented) and the `[]` after its name. */
export interface Step {
  name: string;
  arrays: number;
  field: Field | undefined;
}

/** Where a path's row is, or goes: the table, and the steps from the table's row down to the field. */
export interface Place {
  table: { kind: 'response' } | { kind: 'model'; name: string };
  steps: Step[];
}

/** The place of `path` among `response` fields and page `models`; undefined when they do not reach it. */
export function responsePlace(response: readonly Field[], models: ReadonlyMap<string, Model>, path: string): Place | undefined {
  const segments = path.split('.').map((seg) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(seg)!;
    return { name: m[1]!, arrays: m[2]!.length / 2 };
  });
  let place: Place = { table: { kind: 'response' }, steps: [] };
  let fields: readonly Field[] = response;
  for (const [i, seg] of segments.entries()) {
    const field = fields.find((f) => f.name === seg.name);
    place.steps.push({ ...seg, field });
    if (i === segments.length - 1) return place;
    if (field === undefined) return undefined;
    let t: TypeNode = field;
    for (let k = 0; k < seg.arrays; k++) {
      if (t.type !== 'array' || t.items === undefined) return undefined;
      t = t.items;
    }
    if (t.type === 'model') {
      const model = models.get(t.model ?? '');
      if (model === undefined) return undefined;
      place = { table: { kind: 'model', name: model.name }, steps: [] };
      fields = model.fields;
    } else if (t.fields !== undefined) fields = t.fields;
    else return undefined;
  }
  return place;
}
