/**
 * A product's class facade (`<product>/client.ts`): `new UHostClient(config).createCustomImage(params)`, one method
 * per action function, delegating with `this` as the client. The IR here; print.ts prints it.
 */
import type { ActionFileIR, ParamIR } from './action.js';
import type { DocIR } from './jsdoc.js';
import type { RuntimeExports } from './runtime-exports.js';

/** The product's class facade: one method per action function, delegating with `this` as the client. */
export interface FacadeIR {
  name: string;
  product: string;
  /** The runtime module `Client` comes from (`client.js`). */
  clientModule: string;
  imports: { file: string; names: string[] }[];
  /**
   * Request/response/model/runtime type names, imported type-only from the files that declare them (an action file,
   * `models.ts`, the runtime), not from the product index, which re-exports this file: no import circle in the output.
   */
  types: { from: string; names: string[] }[];
  methods: {
    name: string;
    docs: DocIR;
    isAsync: boolean;
    params: ParamIR[];
    returnType: string;
    callee: string;
    args: string[];
    overloads?: { params: ParamIR[]; returnType: string; docs: DocIR }[];
  }[];
}

/** `new UHostClient(config).createCustomImage(params)`: methods delegating to the tree-shakable functions. */
export function facadeIR(name: string, product: string, rows: { file: string; ir: ActionFileIR }[], runtime: RuntimeExports): FacadeIR {
  const imports: { file: string; names: string[] }[] = [];
  const types = new Set<string>();
  const typeNames = (text: string): string[] => text.replace(/'[^']*'/g, '').match(/\b[A-Z][A-Za-z0-9_]*\b/g) ?? [];
  const builtin = new Set(['CallOptions', 'RawCallOptions', 'WithResponse', 'Client', 'Omit', 'Promise', 'AsyncIterableIterator', 'Array', 'Record']);
  const withoutClient = (d: DocIR): DocIR => ({ ...d, tags: d.tags.filter((t) => !(t.tagName === 'param' && t.text.startsWith('client '))) });
  const methods: FacadeIR['methods'] = [];
  for (const { file, ir } of rows) {
    const fns = ir.functions;
    for (const fn of fns) {
      const params = fn.params.slice(1);
      const overloads = fn.overloads?.map((o) => ({ params: o.params.slice(1), returnType: o.returnType, docs: withoutClient(o.docs) }));
      const signatures = [{ params, returnType: fn.returnType }, ...(overloads ?? [])];
      for (const sig of signatures)
        for (const t of [...sig.params.flatMap((p) => typeNames(p.type)), ...typeNames(sig.returnType)]) if (!builtin.has(t)) types.add(t);
      methods.push({
        name: fn.name,
        docs: withoutClient(fn.docs),
        isAsync: fn.isAsync,
        params,
        returnType: fn.returnType,
        callee: fn.name,
        args: ['this', ...params.map((p) => p.name)],
        ...(overloads !== undefined ? { overloads } : {}),
      });
    }
    imports.push({ file, names: fns.map((f) => f.name) });
  }
  const clientModule = runtime.modules.Client ?? 'index.js';
  return { name, product, clientModule, imports, types: typeSources([...types].sort(), rows, runtime.types), methods };
}

/** Where each type comes from: the action file that exports it, else the runtime's types, else the models file. */
function typeSources(names: string[], rows: { file: string; ir: ActionFileIR }[], runtimeTypes: readonly string[]): FacadeIR['types'] {
  const fileOf = new Map<string, string>();
  for (const { file, ir } of rows) for (const t of ir.exportedTypes) fileOf.set(t, `./${file}.js`);
  const runtime = new Set(runtimeTypes);
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const from = fileOf.get(n) ?? (runtime.has(n) ? '../runtime/index.js' : './models.js');
    groups.set(from, [...(groups.get(from) ?? []), n]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([from, list]) => ({ from, names: list }));
}
