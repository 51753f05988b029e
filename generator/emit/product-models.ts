/**
 * Per-product model dedupe. Pages define models under page-scoped names; within one product a model
 * becomes one shared interface only when every page defines it with the identical shape (field names,
 * required flags and types, referenced models compared by their own shapes). Different shapes under one
 * name get distinct deterministic names: the shape used by most pages (ties: earliest action) keeps the
 * name, every other shape is named `<FirstAction><Model>`. Shapes are never merged.
 */
import type { ActionSpec, Field, Model, TypeNode } from '../spec/model.js';
import { NameRegistry, pascalCase } from './identifiers.js';

export interface ResolvedModel {
  /** TS interface name in `<product>/models.ts`. */
  name: string;
  /** The definition emitted (from the first action, by name, that uses this shape). */
  model: Model;
  /** Action whose page the definition comes from. */
  action: string;
  /** Every action using this shape, sorted. */
  actions: string[];
}

export interface ProductModels {
  /** Sorted by TS name. */
  models: ResolvedModel[];
  /** action -> page model name -> TS name. */
  byAction: Map<string, Map<string, string>>;
}

/** Canonical shape key of a model as seen from its page (references resolved through the page's models). */
export function shapeKey(model: Model, page: Map<string, Model>, stack: string[] = []): string {
  if (stack.includes(model.name)) return `cycle:${model.name}`;
  const inner = [...stack, model.name];
  return `{${model.fields.map((f) => `${f.name}${f.required ? '!' : '?'}:${typeKey(f, page, inner)}${enumKey(f)}`).join(',')}}`;
}

function typeKey(t: TypeNode, page: Map<string, Model>, stack: string[]): string {
  switch (t.type) {
    case 'array':
      return `${typeKey(t.items ?? { type: 'unknown' }, page, stack)}[]`;
    case 'object':
      return t.fields === undefined
        ? 'object'
        : `{${t.fields.map((f) => `${f.name}${f.required ? '!' : '?'}:${typeKey(f, page, stack)}${enumKey(f)}`).join(',')}}`;
    case 'model': {
      const m = page.get(t.model ?? '');
      return m === undefined ? `missing:${t.model ?? ''}` : `model:${m.name}${shapeKey(m, page, stack)}`;
    }
    case 'integer':
      return 'number';
    default:
      return t.type;
  }
}

/** Allowed values are part of the emitted type (a literal union), so they are part of the shape. */
function enumKey(f: Field): string {
  return f.enum === undefined || f.enum.length === 0 ? '' : `<${JSON.stringify(f.enum)}>`;
}

/**
 * Resolve every page model of one product's actions. `reserved` holds names already taken in the
 * product (request/response interfaces) so a model never shadows one.
 */
export function resolveModels(specs: ActionSpec[], reserved: Iterable<string>): ProductModels {
  const sorted = [...specs].sort((a, b) => cmp(a.action, b.action));
  // name -> shape key -> { model, actions }
  const groups = new Map<string, Map<string, { model: Model; actions: string[] }>>();
  const keyOf = new Map<string, Map<string, string>>();
  for (const spec of sorted) {
    const page = new Map(spec.models.map((m) => [m.name, m] as const));
    const keys = new Map<string, string>();
    for (const m of spec.models) {
      const key = shapeKey(m, page);
      keys.set(m.name, key);
      const byShape = groups.get(m.name) ?? new Map<string, { model: Model; actions: string[] }>();
      groups.set(m.name, byShape);
      const entry = byShape.get(key) ?? { model: m, actions: [] };
      byShape.set(key, entry);
      if (!entry.actions.includes(spec.action)) entry.actions.push(spec.action);
    }
    keyOf.set(spec.action, keys);
  }
  const registry = new NameRegistry(reserved);
  const tsName = new Map<string, string>(); // `${model}\0${key}` -> TS name
  const models: ResolvedModel[] = [];
  for (const name of [...groups.keys()].sort(cmp)) {
    const shapes = [...groups.get(name)!.entries()].sort(([, a], [, b]) => b.actions.length - a.actions.length || cmp(a.actions[0]!, b.actions[0]!));
    shapes.forEach(([key, entry], i) => {
      const base = pascalCase(name);
      const wanted = i === 0 ? base : `${entry.actions[0]}${base}`;
      const ts = registry.claim(wanted);
      tsName.set(`${name}\0${key}`, ts);
      models.push({ name: ts, model: entry.model, action: entry.actions[0]!, actions: entry.actions });
    });
  }
  const byAction = new Map<string, Map<string, string>>();
  for (const [action, keys] of keyOf) {
    byAction.set(action, new Map([...keys].map(([m, k]) => [m, tsName.get(`${m}\0${k}`)!] as const)));
  }
  models.sort((a, b) => cmp(a.name, b.name));
  return { models, byAction };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
