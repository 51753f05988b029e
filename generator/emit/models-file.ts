/**
 * `<product>/models.ts`: the page models' interfaces (their nested interfaces and allowed-value lists with them), and
 * the deprecated aliases that keep the old names of renamed models (spec/aliases.ts). An alias of a model stands for
 * every name the model brings: `Disks = FamiliesDisks`, and `DisksBootDisk = FamiliesDisksBootDisk`,
 * `DisksNameValues = FamiliesDisksNameValues`... for its nested interfaces and lists. diff/surface.ts names a
 * product's exports with this same function.
 */
import type { ActionSpec } from '../spec/model.js';
import type { AliasEntry } from '../spec/aliases.js';
import { buildDoc, type DocIR } from './jsdoc.js';
import { NameRegistry } from './identifiers.js';
import type { ResolvedModel } from './product-models.js';
import { fieldsToProps, listNames, type InterfaceIR, type TypeScope } from './type-text.js';

export interface AliasIR {
  /** The old name. */
  name: string;
  /** The name it stands for now. */
  target: string;
  kind: 'type' | 'value';
  docs: DocIR;
}

export interface ModelsFileIR {
  interfaces: InterfaceIR[];
  aliases: AliasIR[];
  /** Alias entries that cannot be emitted, and why (with what to do). */
  problems: { entry: AliasEntry; message: string }[];
  exportedTypes: string[];
  exportedValues: string[];
  /** Each emitted alias of a model (not its derived names): old name -> the model. */
  aliasOf: Map<string, string>;
}

/**
 * The file's IR. `others` are the product's exported names outside this file (action files, facade, runtime): an
 * alias never takes one. `warn` reports a problem of a model's page.
 */
export function modelsFileIR(
  models: readonly ResolvedModel[],
  byAction: ReadonlyMap<string, ReadonlyMap<string, string>>,
  specs: readonly ActionSpec[],
  aliases: readonly AliasEntry[],
  others: ReadonlySet<string>,
  warn: (source: string, code: string, message: string) => void = () => undefined,
): ModelsFileIR {
  const registry = new NameRegistry(models.map((m) => m.name));
  const nested: InterfaceIR[] = [];
  const out: InterfaceIR[] = [];
  /** Model name -> the names it brings (itself, its nested interfaces; its lists and theirs). */
  const derived = new Map<string, { types: string[]; values: string[] }>();
  for (const m of models) {
    const spec = specs.find((s) => s.action === m.action)!;
    const names = byAction.get(m.action) ?? new Map<string, string>();
    const scope: TypeScope = {
      nested,
      claim: (w) => registry.claim(w),
      taken: (n) => registry.has(n),
      modelName: (n) => names.get(n),
      warn: (code, message) => warn(spec.source, code, `model ${m.model.name}: ${message}`),
    };
    const from = nested.length;
    const own: InterfaceIR = {
      name: m.name,
      docs: buildDoc({
        title: m.model.name === m.name ? undefined : `${m.model.name} (as defined by ${m.action})`,
        description: m.model.description,
        notes: [`Used by ${m.actions.join(', ')}.`],
        see: spec.docUrl,
      }),
      props: fieldsToProps(m.model.fields, m.name, scope, {}),
    };
    out.push(own);
    const inner = nested.slice(from);
    derived.set(m.name, { types: [m.name, ...inner.map((i) => i.name)], values: listNames([own, ...inner]) });
  }
  const interfaces = [...out, ...nested];
  const real = { types: interfaces.map((i) => i.name), values: listNames(interfaces) };
  const taken = new Set([...others, ...real.types, ...real.values]);
  const a = aliasIRs(aliases, derived, taken);
  return {
    interfaces,
    aliases: a.aliases,
    problems: a.problems,
    exportedTypes: [...real.types, ...a.aliases.filter((x) => x.kind === 'type').map((x) => x.name)],
    exportedValues: [...real.values, ...a.aliases.filter((x) => x.kind === 'value').map((x) => x.name)],
    aliasOf: a.aliasOf,
  };
}

/** Each entry followed to its model (through other entries), then one alias per name the model brings. */
function aliasIRs(
  entries: readonly AliasEntry[],
  derived: ReadonlyMap<string, { types: string[]; values: string[] }>,
  taken: Set<string>,
): Pick<ModelsFileIR, 'aliases' | 'problems' | 'aliasOf'> {
  const byOld = new Map(entries.map((e) => [e.old, e] as const));
  const aliases: AliasIR[] = [];
  const problems: ModelsFileIR['problems'] = [];
  const aliasOf = new Map<string, string>();
  for (const e of [...entries].sort((x, y) => (x.old < y.old ? -1 : x.old > y.old ? 1 : 0))) {
    if (taken.has(e.old)) {
      problems.push({
        entry: e,
        message: `${e.product} exports '${e.old}' again (the docs use the name for a type of their own), so no alias is made: delete this entry`,
      });
      continue;
    }
    const path = [e.old];
    let target = e.new;
    while (!derived.has(target) && byOld.has(target) && !path.includes(target)) {
      path.push(target);
      target = byOld.get(target)!.new;
    }
    const model = derived.get(target);
    if (model === undefined) {
      const via = path.length > 1 ? ` (through ${path.slice(1).join(' -> ')})` : '';
      const why = path.includes(target)
        ? `leads back to '${target}'${via}`
        : `'${target}'${via} is not a model of ${e.product} any more (the docs removed or renamed it)`;
      problems.push({
        entry: e,
        message: `alias '${e.old}' -> '${e.new}': ${why}; set new to the model that replaced it, or delete the entry (code importing ${e.old} then breaks: do it in a major release)`,
      });
      continue;
    }
    aliasOf.set(e.old, target);
    const add = (kind: AliasIR['kind'], name: string): void => {
      const old = `${e.old}${name.slice(target.length)}`;
      if (!name.startsWith(target) || taken.has(old)) return;
      taken.add(old);
      const docs =
        name === target
          ? buildDoc({
              deprecated: `The docs renamed ${e.old} to {@link ${target}}: use that. An alias since ${e.since}, until the next release that breaks code.`,
            })
          : buildDoc({ deprecated: `Use {@link ${name}} (the docs renamed ${e.old} to ${target}).` });
      aliases.push({ name: old, target: name, kind, docs });
    };
    for (const t of model.types) add('type', t);
    for (const v of model.values) add('value', v);
  }
  return { aliases, problems, aliasOf };
}
