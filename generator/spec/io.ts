import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { listSpecFiles } from './files.js';
import { ALIASES_FILE, readAliases, type AliasEntry, type AliasProblem } from './aliases.js';
import { readProductTable, type ProductEntry } from './product-table.js';
import type { ActionSpec, Field, Model, TypeNode } from './model.js';
import { validateSpec } from './schema.js';
import { yamlLib } from './yaml-lib.js';
import { Unsupported, writeYaml } from './yaml-writer.js';
import { measureOn } from '../speed/switches.js';

/** Key order of every object kind in the YAML: fixed, so diffs stay small and output deterministic. */
const ACTION_KEYS = [
  'action',
  'product',
  'title',
  'summary',
  'status',
  'source',
  'docUrl',
  'idempotent',
  'request',
  'response',
  'models',
  'examples',
  'waiters',
] as const;
const FIELD_KEYS = [
  'name',
  'wire',
  'type',
  'model',
  'raw',
  'required',
  'default',
  'enum',
  'enumMeanings',
  'deprecated',
  'description',
  'items',
  'fields',
] as const;
const TYPE_KEYS = ['type', 'model', 'raw', 'items', 'fields'] as const;
const WAITER_KEYS = ['name', 'description', 'state', 'success', 'failure', 'fatalRetCodes', 'delays'] as const;

function pick(obj: object, keys: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

function orderType(t: TypeNode): Record<string, unknown> {
  const o = pick(t, TYPE_KEYS);
  if (t.items) o.items = orderType(t.items);
  if (t.fields) o.fields = t.fields.map(orderField);
  return o;
}

function orderField(f: Field): Record<string, unknown> {
  const o = pick(f, FIELD_KEYS);
  if (f.items) o.items = orderType(f.items);
  if (f.fields) o.fields = f.fields.map(orderField);
  return o;
}

function orderModel(m: Model): Record<string, unknown> {
  return { name: m.name, description: m.description, fields: m.fields.map(orderField) };
}

/** The one canonical YAML text of a spec: fixed key order, LF, no timestamps. */
export function serializeSpec(spec: ActionSpec): string {
  const o = pick(spec, ACTION_KEYS);
  o.request = spec.request.map(orderField);
  o.response = spec.response.map(orderField);
  o.models = spec.models.map(orderModel);
  if (spec.examples) o.examples = pick(spec.examples, ['request', 'response']);
  if (spec.waiters) o.waiters = spec.waiters.map((w) => pick(w, WAITER_KEYS));
  return toYaml(o);
}

/** The YAML text of plain data: the direct writer when it can, else the `yaml` library (same bytes either way). */
export function toYaml(o: Record<string, unknown>): string {
  if (!measureOn('yaml-writer')) return yamlLib().stringify(o, YAML_OPTIONS);
  try {
    return writeYaml(o);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return yamlLib().stringify(o, YAML_OPTIONS);
  }
}

/** The options the spec files are written with. */
export const YAML_OPTIONS = { lineWidth: 0, indent: 2, aliasDuplicateObjects: false } as const;

export interface ReadResult {
  spec?: ActionSpec;
  diagnostics: Diagnostic[];
}

/** Parse and validate one spec file's text; problems come back as diagnostics naming `file`. */
export function parseSpecText(text: string, file: string): ReadResult {
  const doc = yamlLib().parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        col: e.linePos?.[0]?.col ?? 1,
        severity: 'error' as const,
        code: 'invalid-yaml',
        message: `${e.message.split('\n')[0]}: fix the YAML syntax`,
      })),
    };
  }
  const value: unknown = doc.toJS();
  const problems = validateSpec(value);
  if (problems.length > 0) {
    return {
      diagnostics: problems.map((p) => ({
        file,
        line: 1,
        col: 1,
        severity: 'error' as const,
        code: 'invalid-spec',
        message: `${p} (see spec/schema.json)`,
      })),
    };
  }
  return { spec: value as ActionSpec, diagnostics: [] };
}

/** A spec folder as diff and changelog read it: the specs, the product table's class names, the alias file's entries. */
export interface SpecDir {
  specs: ActionSpec[];
  diagnostics: Diagnostic[];
  facades?: Map<string, string>;
  aliases?: AliasEntry[];
}

/** Read every `<dir>/<product>/<Action>.yaml`, sorted by product then action, the product table's class names and the aliases. */
export async function readSpecDir(dir: string): Promise<SpecDir> {
  const specs: ActionSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of await listSpecFiles(dir)) {
    const r = parseSpecText(await readFile(path, 'utf8'), path);
    diagnostics.push(...r.diagnostics);
    if (r.spec) specs.push(r.spec);
  }
  const table = await readProductTable(join(dir, 'products.yaml'));
  const file = join(dir, ALIASES_FILE);
  const aliases = await readAliases(file);
  diagnostics.push(...aliasDiagnostics(file, aliases.problems));
  return {
    specs,
    diagnostics,
    ...(table.entries.length > 0 ? { facades: facadesOf(table.entries) } : {}),
    ...(aliases.entries.length > 0 ? { aliases: aliases.entries } : {}),
  };
}

/** Problems of an alias file as error diagnostics (the commands that read it stop on them). */
export function aliasDiagnostics(file: string, problems: readonly AliasProblem[]): Diagnostic[] {
  return problems.map((p) => ({
    file,
    line: p.line,
    col: 0,
    severity: 'error' as const,
    code: 'invalid-aliases',
    message: `${p.message} (README: names that survive renames)`,
  }));
}

/** Product id -> class facade name, from product table entries. */
export function facadesOf(entries: readonly ProductEntry[]): Map<string, string> {
  return new Map(entries.map((e) => [e.id, e.class] as const));
}
