/**
 * TypeNode -> TypeScript type text, and fields -> interface properties. Nested objects become named
 * interfaces declared through the scope; model references resolve to the product-level model name.
 * The output IR (InterfaceIR) is turned into ts-morph structures by render.ts.
 */
import type { Field, TypeNode } from '../spec/model.js';
import { buildDoc, type DocIR } from './jsdoc.js';
import { jsString } from './layout.js';
import { pascalCase, propertyName } from './identifiers.js';

export interface PropIR {
  /** As written in the interface (quoted when needed). */
  name: string;
  type: string;
  /** Set when `type` is an allowed-value union: its members and how many `Array<>` wrap it (for layout.ts). */
  union?: { members: string[]; arrays: number };
  /** The exported list of the field's allowed values (and their meanings) the union is derived from. */
  list?: ListIR;
  optional: boolean;
  docs: DocIR;
}

/**
 * A field's allowed values at run time: `export const <Interface><Field>Values = [...] as const`, and, when the docs
 * give meanings, `export const <Interface><Field>Meanings` (value -> meaning), printed after the interfaces of the
 * file that declares the field. The field's type is `(typeof <values>)[number]` opened with `(string & {})`.
 */
export interface ListIR {
  /** `CreateUHostInstanceRequestChargeTypeValues`. */
  values: string;
  /** The values as literals (`'Year'`, `1`), deduplicated, in the docs' order. */
  literals: string[];
  numeric: boolean;
  /** `CreateUHostInstanceRequestChargeTypeMeanings` and its entries (the value as text, its meaning). */
  meanings?: { name: string; entries: [string, string][] };
  /** `CreateUHostInstanceRequest.ChargeType`, for the lists' doc comments. */
  field: string;
}

export interface InterfaceIR {
  name: string;
  docs: DocIR;
  props: PropIR[];
}

/** Where type text is produced: resolves model names and collects nested interfaces in order. */
export interface TypeScope {
  /** TS name of a page-scoped model, or undefined when the page does not define it. */
  modelName(pageName: string): string | undefined;
  /** Claim a unique interface name in this file's scope. */
  claim(wanted: string): string;
  /** Whether a name is taken in this file's scope (lists claim their two names together); default: never. */
  taken?(name: string): boolean;
  /** Nested interfaces declared so far, in declaration order. */
  readonly nested: InterfaceIR[];
  /** Report a problem with the input (file = the spec's source page). */
  warn(code: string, message: string): void;
}

export interface PropOptions {
  /** Names made optional regardless of `required` (client defaults: Region, Zone, ProjectId). */
  optionalNames?: ReadonlySet<string>;
  /** Link shown with `@see` on properties (none by default: the interface links the page). */
  docUrl?: string;
}

/** Type text of a node; `hint` names nested interfaces (`CreateUHostInstanceRequestDisks`). */
export function typeText(node: TypeNode, hint: string, scope: TypeScope, doc = ''): string {
  switch (node.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const inner = typeText(node.items ?? { type: 'unknown', raw: '' }, hint, scope, doc);
      return /^[A-Za-z0-9_.]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
    }
    case 'object':
      if (node.fields === undefined || node.fields.length === 0) return 'Record<string, unknown>';
      return declareNested(hint, node.fields, scope, doc);
    case 'model': {
      const name = scope.modelName(node.model ?? '');
      if (name !== undefined) return name;
      scope.warn('unknown-model', `model '${node.model ?? ''}' is referenced but not defined on the page; typed as unknown`);
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

function declareNested(hint: string, fields: Field[], scope: TypeScope, doc: string): string {
  const name = scope.claim(hint);
  const slot: InterfaceIR = { name, docs: buildDoc({ description: doc === '' ? `Nested object ${name}.` : doc }), props: [] };
  scope.nested.push(slot);
  slot.props = fieldsToProps(fields, name, scope, {});
  return name;
}

/** Properties of an interface, in field order; duplicate names keep the first and warn. */
export function fieldsToProps(fields: Field[], owner: string, scope: TypeScope, opts: PropOptions): PropIR[] {
  const seen = new Set<string>();
  const props: PropIR[] = [];
  for (const f of fields) {
    if (seen.has(f.name)) {
      scope.warn('duplicate-field', `${owner}.${f.name} appears twice; the first one is kept`);
      continue;
    }
    seen.add(f.name);
    const list = allowedList(f, owner, scope);
    const union =
      list === undefined ? undefined : { members: [`(typeof ${list.values})[number]`, list.numeric ? '(number & {})' : '(string & {})'], arrays: arraysOf(f) };
    const type = union === undefined ? typeText(f, `${owner}${pascalCase(f.name)}`, scope, f.description) : unionText(union);
    props.push({
      name: propertyName(f.name),
      type,
      ...(union === undefined ? {} : { union, list: list! }),
      optional: !f.required || (opts.optionalNames?.has(f.name) ?? false),
      docs: fieldDoc(f, opts.docUrl, list),
    });
  }
  return props;
}

/**
 * The allowed values of a field as literals (strings quoted, numbers bare, deduplicated) and how many `Array<>`
 * wrap them; undefined for fields without values or of another type (booleans, objects, numbers given as words).
 */
export function allowedLiterals(f: Field): { literals: string[]; numeric: boolean; arrays: number } | undefined {
  if (f.enum === undefined || f.enum.length === 0) return undefined;
  let t: TypeNode = f;
  for (; t.type === 'array' && t.items; t = t.items);
  const numeric = t.type === 'integer' || t.type === 'number';
  if (t.type !== 'string' && !(numeric && f.enum.every((v) => /^-?\d+(?:\.\d+)?$/.test(v)))) return undefined;
  const literals = [...new Set(f.enum.map((v) => (numeric ? String(Number(v)) : jsString(v))))];
  return { literals, numeric, arrays: arraysOf(f) };
}

function arraysOf(f: Field): number {
  let arrays = 0;
  for (let t: TypeNode = f; t.type === 'array' && t.items; t = t.items) arrays++;
  return arrays;
}

/**
 * The open union of a field's allowed values as literals: `'Year' | 'Month' | (string & {})` (numbers for
 * integer/number fields), wrapped in `Array<>` per array level. Undefined for fields without values or of another
 * type. (The emitted type is derived from the field's list instead: `fieldsToProps`.)
 */
export function enumUnion(f: Field): { members: string[]; arrays: number } | undefined {
  const a = allowedLiterals(f);
  return a === undefined ? undefined : { members: [...a.literals, a.numeric ? '(number & {})' : '(string & {})'], arrays: a.arrays };
}

/**
 * The list of a field of `owner` with allowed values: `<owner><Field>Values` (and `<owner><Field>Meanings`), the two
 * names claimed together in the file's scope (`...Values2` and `...Meanings2` when either is taken).
 */
function allowedList(f: Field, owner: string, scope: TypeScope): ListIR | undefined {
  const a = allowedLiterals(f);
  if (a === undefined) return undefined;
  const base = `${owner}${pascalCase(f.name)}`;
  const free = (suffix: string): boolean => scope.taken?.(`${base}${suffix}Values`) !== true && scope.taken?.(`${base}${suffix}Meanings`) !== true;
  let suffix = '';
  for (let i = 2; !free(suffix); i++) suffix = String(i);
  const values = scope.claim(`${base}${suffix}Values`);
  const meaningsName = scope.claim(`${base}${suffix}Meanings`);
  const entries: [string, string][] = [];
  const keys = new Set<string>();
  for (const v of f.enum!) {
    const key = a.numeric ? String(Number(v)) : v;
    const meaning = f.enumMeanings?.[v];
    if (meaning === undefined || meaning.trim() === '' || keys.has(key)) continue;
    keys.add(key);
    entries.push([key, meaning]);
  }
  return {
    values,
    literals: a.literals,
    numeric: a.numeric,
    field: `${owner}.${f.name}`,
    ...(entries.length > 0 ? { meanings: { name: meaningsName, entries } } : {}),
  };
}

/** The exported list names of `interfaces` (`...Values`, then `...Meanings` when there is one), in field order. */
export function listNames(interfaces: readonly InterfaceIR[]): string[] {
  return interfaces.flatMap((i) =>
    i.props.flatMap((p) => (p.list === undefined ? [] : [p.list.values, ...(p.list.meanings === undefined ? [] : [p.list.meanings.name])])),
  );
}

/** One-line text of a union (layout.ts breaks it when the property line is too long). */
export function unionText(u: { members: string[]; arrays: number }): string {
  let text = u.members.join(' | ');
  for (let i = 0; i < u.arrays; i++) text = `Array<${text}>`;
  return text;
}

function allowedValues(f: Field, list: ListIR | undefined): string | undefined {
  if (f.enum === undefined || f.enum.length === 0) return undefined;
  const item = (v: string): string => {
    const meaning = f.enumMeanings?.[v];
    return `\`${v === '' ? '""' : v}\`${meaning === undefined || meaning === '' ? '' : ` (${meaning})`}`;
  };
  const runtime = list === undefined ? '' : ` At run time: {@link ${list.values}}${list.meanings === undefined ? '' : `, {@link ${list.meanings.name}}`}.`;
  return `Allowed values: ${f.enum.map(item).join(', ')}.${runtime}`;
}

function fieldDoc(f: Field, docUrl: string | undefined, list: ListIR | undefined): DocIR {
  const notes: string[] = [];
  const allowed = allowedValues(f, list);
  if (allowed !== undefined) notes.push(allowed);
  if (f.type === 'unknown' && f.raw !== undefined && f.raw !== '') notes.push(`Documented type: \`${f.raw}\`.`);
  if (f.wire !== undefined && f.wire !== f.name) notes.push(`Wire name: \`${f.wire}\`.`);
  return buildDoc({
    description: f.description,
    notes,
    defaultValue: f.default,
    deprecated: f.deprecated === true,
    see: docUrl,
  });
}
