/**
 * Page-scoped data models: keep the models reachable from the request/response (recursively, cycle-safe),
 * degrade a reference to an undefined model to a free-form `object` with a `missing-model` warning, so
 * every `type: model` in a spec names an entry of `models`.
 */
import type { Field, Model, TypeNode } from '../spec/model.js';
import type { TreeProblem } from './param-tree.js';
import { clip } from './clip.js';

export interface ModelDef {
  model: Model;
  line: number;
  lines: Map<Field, number>;
}

function refOf(t: TypeNode): string | undefined {
  if (t.type === 'model') return t.model;
  return t.items ? refOf(t.items) : undefined;
}

/** Replace a missing model reference in `t` by `object`, keeping array wrappers. */
function degrade(t: TypeNode): void {
  if (t.type === 'model') {
    t.type = 'object';
    delete t.model;
  } else if (t.items) degrade(t.items);
}

export function resolveModels(
  roots: { fields: Field[]; lines: Map<Field, number> }[],
  defs: Map<string, ModelDef>,
): { models: Model[]; problems: TreeProblem[] } {
  const problems: TreeProblem[] = [];
  const used = new Map<string, Model>();
  const queue: { fields: Field[]; lines: Map<Field, number>; fallback: number }[] = roots.map((r) => ({ ...r, fallback: 0 }));
  const visitFields = (fields: Field[], lines: Map<Field, number>, fallback: number): void => {
    for (const f of fields) {
      const name = refOf(f);
      if (name !== undefined) {
        const def = defs.get(name);
        if (!def) {
          problems.push({
            line: lines.get(f) ?? fallback,
            code: 'missing-model',
            message: `'${clip(f.name)}' refers to model '${clip(name)}', which this page does not define; typed as object — add a '${clip(name)}' section or an overlay`,
          });
          degrade(f);
        } else if (!used.has(name)) {
          used.set(name, def.model);
          queue.push({ fields: def.model.fields, lines: def.lines, fallback: def.line });
        }
      }
      if (f.fields) visitFields(f.fields, lines, fallback);
      for (let t: TypeNode | undefined = f.items; t; t = t.items) if (t.fields) visitFields(t.fields, lines, fallback);
    }
  };
  for (let i = 0; i < queue.length; i++) visitFields(queue[i]!.fields, queue[i]!.lines, queue[i]!.fallback);
  const models = [...used.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { models, problems };
}
