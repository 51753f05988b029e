/**
 * Older layout: a bare `array` or `object` whose model the page defines but its description does not name is
 * typed from the response example. The example is walked along the response fields and, through model
 * references, the models' fields (any depth); the objects found under a bare field are matched against the
 * page's models: a model qualifies when its fields include every key of those objects (at least one key), and
 * of the qualifying models the one covering the largest share of its fields wins (with the same keys: the one
 * with the fewest fields), only if no other ties with it. Otherwise the field stays as it is.
 */
import type { Field, TypeNode } from '../spec/model.js';
import type { ModelDef } from './models.js';

export interface Inferred {
  field: Field;
  /** What the doc said: a bare `array` (now array of the model) or a bare `object` (now the model). */
  was: 'array' | 'object';
  model: string;
  /** The example keys the choice rests on, sorted. */
  keys: string[];
}

type Json = Record<string, unknown>;

interface Slot {
  field: Field;
  /** The node to retype: the innermost `unknown` of a bare array, or the bare object (possibly the field). */
  node: TypeNode;
  objects: Json[];
  /** How many objects the last attempt saw (a new attempt only when more arrived). */
  tried: number;
  done: boolean;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isBare = (t: TypeNode): boolean =>
  (t.type === 'unknown' && t.raw === 'array') || (t.type === 'object' && t.fields === undefined && t.model === undefined);

/** The page's models by field name, for matching example keys. */
class ModelIndex {
  private readonly fields = new Map<string, Set<string>>();
  private readonly byField = new Map<string, string[]>();

  constructor(defs: Map<string, ModelDef>) {
    for (const [name, def] of defs) {
      const names = new Set(def.model.fields.map((f) => f.name));
      this.fields.set(name, names);
      for (const f of names) {
        const list = this.byField.get(f);
        if (list) list.push(name);
        else this.byField.set(f, [name]);
      }
    }
  }

  /** The one model that knows every key and has the fewest fields; undefined when none or tied. */
  pick(keys: Set<string>): string | undefined {
    let rarest: string[] | undefined;
    for (const k of keys) {
      const list = this.byField.get(k) ?? [];
      if (rarest === undefined || list.length < rarest.length) rarest = list;
    }
    const fit = (rarest ?? []).filter((m) => [...keys].every((k) => this.fields.get(m)!.has(k)));
    const size = (m: string): number => this.fields.get(m)!.size;
    const fewest = fit.reduce((n, m) => Math.min(n, size(m)), Infinity);
    const best = fit.filter((m) => size(m) === fewest);
    return best.length === 1 ? best[0] : undefined;
  }
}

/** Type bare fields of the response (and of the models it reaches) from the response example, in place. */
export function inferFromExample(response: Field[], defs: Map<string, ModelDef>, example: unknown): Inferred[] {
  if (!isObject(example)) return [];
  const index = new ModelIndex(defs);
  const slots = new Map<TypeNode, Slot>();
  const visited = new Map<string, Set<Json>>();
  const byName = new WeakMap<Field[], Map<string, Field>>();
  const queue: [Field[], Json[]][] = [[response, [example]]];
  const inferred: Inferred[] = [];

  const enqueueModel = (name: string, objects: Json[]): void => {
    const def = defs.get(name);
    if (!def) return;
    const seen = visited.get(name) ?? visited.set(name, new Set()).get(name)!;
    const fresh = objects.filter((o) => !seen.has(o));
    for (const o of fresh) seen.add(o);
    if (fresh.length > 0) queue.push([def.model.fields, fresh]);
  };
  const visit = (f: Field, value: unknown): void => {
    let t: TypeNode = f;
    let values = [value];
    while (t.type === 'array' && t.items) {
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
      t = t.items;
    }
    const objects = values.filter(isObject);
    if (objects.length === 0) return;
    if (isBare(t)) {
      const slot = slots.get(t) ?? slots.set(t, { field: f, node: t, objects: [], tried: 0, done: false }).get(t)!;
      for (const o of objects) slot.objects.push(o);
    } else if (t.type === 'model' && t.model !== undefined) enqueueModel(t.model, objects);
    else if (t.fields) queue.push([t.fields, objects]);
  };
  const walk = (fields: Field[], objects: Json[]): void => {
    const names = byName.get(fields) ?? byName.set(fields, new Map(fields.map((f) => [f.name, f]))).get(fields)!;
    for (const o of objects)
      for (const [k, v] of Object.entries(o)) {
        const f = names.get(k);
        if (f) visit(f, v);
      }
  };

  for (;;) {
    for (let i = 0; i < queue.length; i++) walk(...queue[i]!);
    queue.length = 0;
    let progress = false;
    for (const slot of slots.values()) {
      if (slot.done || slot.objects.length === slot.tried) continue;
      slot.tried = slot.objects.length;
      const keys = new Set(slot.objects.flatMap((o) => Object.keys(o)));
      const model = keys.size > 0 ? index.pick(keys) : undefined;
      if (model === undefined) continue;
      inferred.push({ field: slot.field, was: slot.node.type === 'unknown' ? 'array' : 'object', model, keys: [...keys].sort() });
      retype(slot, model);
      enqueueModel(model, slot.objects);
      slot.done = true;
      progress = true;
    }
    if (!progress) return inferred;
  }
}

/** Point the slot's node at `model`, keeping the field's own key order (name, wire, type, model, ...). */
function retype(slot: Slot, model: string): void {
  const t = slot.node;
  delete t.raw;
  delete t.fields;
  t.type = 'model';
  if (t !== slot.field) {
    t.model = model;
    return;
  }
  const { name, wire, ...rest } = slot.field;
  for (const k of Object.keys(slot.field)) delete (slot.field as unknown as Record<string, unknown>)[k];
  Object.assign(slot.field, { name }, wire !== undefined ? { wire } : {}, { type: 'model', model }, rest);
}
