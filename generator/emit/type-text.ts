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
  optional: boolean;
  docs: DocIR;
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
    const union = enumUnion(f);
    const type = union === undefined ? typeText(f, `${owner}${pascalCase(f.name)}`, scope, f.description) : unionText(union);
    props.push({
      name: propertyName(f.name),
      type,
      ...(union === undefined ? {} : { union }),
      optional: !f.required || (opts.optionalNames?.has(f.name) ?? false),
      docs: fieldDoc(f, opts.docUrl),
    });
  }
  return props;
}

/**
 * The open union of a field's allowed values: `'Year' | 'Month' | (string & {})` (numbers for integer/number
 * fields), wrapped in `Array<>` per array level. Undefined for fields without values or of another type.
 */
export function enumUnion(f: Field): { members: string[]; arrays: number } | undefined {
  if (f.enum === undefined || f.enum.length === 0) return undefined;
  let t: TypeNode = f;
  let arrays = 0;
  for (; t.type === 'array' && t.items; t = t.items) arrays++;
  const numeric = t.type === 'integer' || t.type === 'number';
  if (t.type !== 'string' && !(numeric && f.enum.every((v) => /^-?\d+(?:\.\d+)?$/.test(v)))) return undefined;
  const members = f.enum.map((v) => (numeric ? String(Number(v)) : jsString(v)));
  return { members: [...new Set(members), numeric ? '(number & {})' : '(string & {})'], arrays };
}

/** One-line text of a union (layout.ts breaks it when the property line is too long). */
export function unionText(u: { members: string[]; arrays: number }): string {
  let text = u.members.join(' | ');
  for (let i = 0; i < u.arrays; i++) text = `Array<${text}>`;
  return text;
}

function allowedValues(f: Field): string | undefined {
  if (f.enum === undefined || f.enum.length === 0) return undefined;
  const item = (v: string): string => {
    const meaning = f.enumMeanings?.[v];
    return `\`${v === '' ? '""' : v}\`${meaning === undefined || meaning === '' ? '' : ` (${meaning})`}`;
  };
  return `Allowed values: ${f.enum.map(item).join(', ')}.`;
}

function fieldDoc(f: Field, docUrl: string | undefined): DocIR {
  const notes: string[] = [];
  const allowed = allowedValues(f);
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
