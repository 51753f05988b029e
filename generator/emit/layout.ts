/**
 * Prettier-identical layout of the few constructs the emitter writes as text (imports/exports, function
 * signatures and calls, the meta object literal), for printWidth 120 / single quotes / trailing commas.
 * Printing in prettier's style directly lets most files skip prettier; pipeline.ts still runs prettier on
 * any file with a line over the width, and a test checks that prettier leaves every emitted file unchanged.
 */
export const PRINT_WIDTH = 120;

/** A literal value of the meta const. Objects always print expanded (prettier keeps them so). */
export type Lit = { raw: string } | { arr: Lit[] } | { obj: [string, Lit][] };

/** JS string literal the way prettier (singleQuote) writes it. */
export function jsString(s: string): string {
  const singles = (s.match(/'/g) ?? []).length;
  const doubles = (s.match(/"/g) ?? []).length;
  const q = singles > doubles ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(new RegExp(q, 'g'), `\\${q}`);
  return `${q}${body}${q}`;
}

function hasObject(l: Lit): boolean {
  if ('obj' in l) return true;
  if ('arr' in l) return l.arr.some(hasObject);
  return false;
}

function flat(l: Lit): string {
  if ('raw' in l) return l.raw;
  if ('arr' in l) return `[${l.arr.map(flat).join(', ')}]`;
  return l.obj.length === 0 ? '{}' : `{ ${l.obj.map(([k, v]) => `${k}: ${flat(v)}`).join(', ')} }`;
}

/**
 * Print `l` starting at a column where `prefix` is already written on the line, followed by `suffix`
 * (`,` or `;`) on its last line.
 */
export function printLit(l: Lit, indent: string, prefixWidth: number, suffix: string): string {
  if ('raw' in l) return l.raw;
  const inner = `${indent}  `;
  if ('obj' in l) {
    if (l.obj.length === 0) return '{}';
    const lines = l.obj.map(([k, v]) => `${inner}${k}: ${printLit(v, inner, inner.length + k.length + 2, ',')},`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  if (!hasObject(l)) {
    const f = flat(l);
    if (prefixWidth + f.length + suffix.length <= PRINT_WIDTH) return f;
  }
  if (l.arr.length === 0) return '[]';
  const lines = l.arr.map((v) => `${inner}${printLit(v, inner, inner.length, ',')},`);
  return `[\n${lines.join('\n')}\n${indent}]`;
}

/** `import type { A, B } from './x.js';` or the one-name-per-line form when too long. */
export function namedList(keyword: 'import' | 'export', names: string[], from: string, typeOnly: boolean): string {
  const head = `${keyword}${typeOnly ? ' type' : ''}`;
  if (names.length === 0) return `${head} {} from ${jsString(from)};`;
  const one = `${head} { ${names.join(', ')} } from ${jsString(from)};`;
  if (one.length <= PRINT_WIDTH) return one;
  return `${head} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from ${jsString(from)};`;
}

/** `export async function f(a: A, b?: B): R {` or params one per line with a trailing comma. */
export function signature(prefix: string, params: string[], returnType: string, indent = '', end = ' {'): string {
  const one = `${indent}${prefix}(${params.join(', ')}): ${returnType}${end}`;
  if (one.length <= PRINT_WIDTH) return one;
  return `${indent}${prefix}(\n${params.map((p) => `${indent}  ${p},`).join('\n')}\n${indent}): ${returnType}${end}`;
}

/** `  return callee(a, b);` inside a function body, arguments broken out when too long. */
export function returnCall(callee: string, args: string[], indent = '  '): string {
  const one = `${indent}return ${callee}(${args.join(', ')});`;
  if (one.length <= PRINT_WIDTH) return one;
  return `${indent}return ${callee}(\n${args.map((a) => `${indent}  ${a},`).join('\n')}\n${indent});`;
}

/**
 * An interface property whose type is an allowed-value union, as prettier prints it: on one line when it
 * fits; else the union alone on the next line (`  Name?:\n    'a' | 'b';`); else one member per line
 * (`    | 'a'`). Each `Array<` level opens on the property line and its content follows, indented, the same way.
 */
export function unionProperty(head: string, u: { members: string[]; arrays: number }, indent = '  '): string {
  const text = (d: number): string => (d === 0 ? u.members.join(' | ') : `Array<${text(d - 1)}>`);
  const line = `${indent}${head}: ${text(u.arrays)};`;
  if (line.length <= PRINT_WIDTH) return line;
  const inner = `${indent}  `;
  if (u.arrays === 0) {
    const next = `${inner}${text(0)};`;
    return `${indent}${head}:\n${next.length <= PRINT_WIDTH ? next : `${unionLines(u.members, inner)};`}`;
  }
  return `${indent}${head}: Array<\n${typeArgLines(u.members, u.arrays - 1, inner)}\n${indent}>;`;
}

function unionLines(members: string[], pad: string): string {
  return members.map((m) => `${pad}| ${m}`).join('\n');
}

/** The type argument of one `Array<` level, at `pad`: on one line when it fits, else broken further. */
function typeArgLines(members: string[], arrays: number, pad: string): string {
  const text = (d: number): string => (d === 0 ? members.join(' | ') : `Array<${text(d - 1)}>`);
  const one = `${pad}${text(arrays)}`;
  if (one.length <= PRINT_WIDTH) return one;
  if (arrays === 0) return unionLines(members, pad);
  return `${pad}Array<\n${typeArgLines(members, arrays - 1, `${pad}  `)}\n${pad}>`;
}
