/**
 * Dotted parameter names -> nested Field trees. `X.N`/`X.n` (or a digit) is an array, `X.Y` an object field,
 * to any depth (`MetricInfos.N.TagList.N.TagValues.N`). Request leaves keep their documented `wire` name;
 * an object parent is required iff it is documented required or any child is required.
 */
import type { Field, TypeNode } from '../spec/model.js';
import { fitEnum, type EnumHint } from './enums.js';
import { clip } from './clip.js';

export interface NamedRow {
  name: string;
  node: TypeNode;
  required: boolean;
  description: string;
  hints: Pick<Field, 'default' | 'deprecated'> & { enum?: EnumHint };
  line: number;
}

export interface TreeProblem {
  line: number;
  code: string;
  message: string;
}

interface Step {
  name: string;
  arrays: number;
}

interface Builder {
  name: string;
  arrays: number;
  children: Map<string, Builder>;
  row?: NamedRow;
  wire?: string;
  line: number;
}

const INDEX = /^(?:n|\d+)$/i;
/** Most dot-separated segments in one name (real names have up to 6); deeper trees are not built. */
const MAX_NAME_SEGMENTS = 32;

/** `Disks.N.CustomBackup.Day` -> [{Disks,1},{CustomBackup,0},{Day,0}]; undefined when malformed. */
export function splitName(name: string): Step[] | undefined {
  const parts = name.split('.');
  const steps: Step[] = [];
  for (const p of parts) {
    if (p === '') return undefined;
    if (INDEX.test(p) && steps.length > 0) steps[steps.length - 1]!.arrays++;
    else steps.push({ name: p, arrays: 0 });
  }
  return steps.length > 0 ? steps : undefined;
}

/** Build the field tree of one table. `withWire` for request parameters. */
export function buildTree(rows: NamedRow[], withWire: boolean): { fields: Field[]; problems: TreeProblem[]; lines: Map<Field, number> } {
  const root = new Map<string, Builder>();
  const problems: TreeProblem[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.name)) {
      problems.push({
        line: row.line,
        code: 'duplicate-param',
        message: `'${clip(row.name)}' is listed twice in this table; the first row wins, remove the repeated row`,
      });
      continue;
    }
    seen.add(row.name);
    const steps = splitName(row.name);
    if (!steps) {
      problems.push({ line: row.line, code: 'bad-name', message: `parameter name '${clip(row.name)}' has an empty segment; row skipped` });
      continue;
    }
    const segments = steps.reduce((n, s) => n + 1 + s.arrays, 0);
    if (segments > MAX_NAME_SEGMENTS) {
      problems.push({
        line: row.line,
        code: 'bad-name',
        message: `parameter name '${clip(row.name)}' has ${segments} segments, more than ${MAX_NAME_SEGMENTS}; row skipped — shorten the name`,
      });
      continue;
    }
    let level = root;
    let node: Builder | undefined;
    for (const [i, step] of steps.entries()) {
      node = level.get(step.name);
      if (!node) {
        node = { name: step.name, arrays: step.arrays, children: new Map(), line: row.line };
        level.set(step.name, node);
      } else if (i < steps.length - 1 && node.arrays !== step.arrays) {
        problems.push({
          line: row.line,
          code: 'name-conflict',
          message: `'${clip(row.name)}' disagrees with an earlier row on whether '${clip(step.name)}' is an array; the earlier shape is kept`,
        });
      }
      level = node.children;
    }
    node!.row = row;
    if (withWire) node!.wire = row.name;
    if (steps[steps.length - 1]!.arrays !== node!.arrays) node!.arrays = Math.max(node!.arrays, steps[steps.length - 1]!.arrays);
  }
  const lines = new Map<Field, number>();
  const fields = [...root.values()].map((b) => toField(b, problems, lines));
  return { fields, problems, lines };
}

function wrap(inner: TypeNode, arrays: number): TypeNode {
  let t = inner;
  for (let i = 0; i < arrays; i++) t = { type: 'array', items: t };
  return t;
}

function toField(b: Builder, problems: TreeProblem[], lines: Map<Field, number>): Field {
  const row = b.row;
  let type: TypeNode;
  let required = row?.required ?? false;
  if (b.children.size > 0) {
    const fields = [...b.children.values()].map((c) => toField(c, problems, lines));
    if (row && !(row.node.type === 'object' || (row.node.type === 'array' && (row.node.items?.type === 'object' || row.node.items?.type === 'unknown'))))
      problems.push({
        line: row.line,
        code: 'name-conflict',
        message: `'${clip(row.name)}' is typed '${row.node.type}' but has sub-fields; the sub-fields win`,
      });
    type = wrap({ type: 'object', fields }, b.arrays);
    required = required || fields.some((f) => f.required);
  } else {
    const node = row?.node ?? { type: 'object' };
    type = b.arrays > 0 && node.type === 'array' ? wrap(node, b.arrays - 1) : wrap(node, b.arrays);
  }
  const field: Field = {
    name: b.name,
    ...(b.wire !== undefined && b.children.size === 0 ? { wire: b.wire } : {}),
    ...type,
    required,
    description: row?.description ?? '',
  };
  if (row?.hints.default !== undefined) field.default = row.hints.default;
  if (row?.hints.enum !== undefined) attachEnum(field, row.hints.enum, row, problems);
  if (row?.hints.deprecated) field.deprecated = true;
  lines.set(field, b.line);
  return field;
}

/**
 * Allowed values go on the field they are written for: a list in a parent row that names one of its
 * sub-fields (`Type 枚举值：…` on `Networks.N`) moves to that sub-field; a list naming another field, or on
 * a field with sub-fields and no named target, is dropped (the latter with a warning). Values must fit the type.
 */
function attachEnum(field: Field, hint: EnumHint, row: NamedRow, problems: TreeProblem[]): void {
  const children = field.fields ?? innerFields(field);
  let target: Field | undefined = field;
  if (children !== undefined) {
    target = hint.subject === undefined ? undefined : children.find((c) => c.name === hint.subject);
    if (target === undefined) {
      problems.push({
        line: row.line,
        code: 'unreadable-enum',
        message: `'${row.name}' has sub-fields but its description lists allowed values; name the sub-field (\`Type 枚举值：…\`) or move the list to the sub-field's row`,
      });
      return;
    }
    if (target.enum !== undefined) return;
  } else if (hint.subject !== undefined && hint.subject !== field.name) return;
  const fit = fitEnum(hint.values, target);
  if (fit.problem !== undefined) problems.push({ line: row.line, code: 'unreadable-enum', message: `'${row.name}': ${fit.problem}` });
  if (fit.values === undefined) return;
  target.enum = fit.values;
  const meanings = Object.entries(hint.meanings ?? {}).filter(([v]) => fit.values!.includes(v));
  if (meanings.length > 0) target.enumMeanings = Object.fromEntries(meanings);
}

function innerFields(t: TypeNode): Field[] | undefined {
  let n: TypeNode = t;
  while (n.type === 'array' && n.items) n = n.items;
  return n.fields;
}
