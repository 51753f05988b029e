/**
 * Prettier-identical layout of the few constructs the emitter writes as text (imports/exports, function
 * signatures and calls, the meta object literal), for printWidth 120 / single quotes / trailing commas.
 * Printing in prettier's style directly lets most files skip prettier; pipeline.ts still runs prettier on
 * any file with a line over the width, and a test checks that prettier leaves every emitted file unchanged.
 */
export const PRINT_WIDTH = 120;

/** East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms): two columns for prettier. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** The columns prettier gives `text` (its getStringWidth: wide characters count two, combining marks none). */
export function textWidth(text: string): number {
  if (!/[^\x20-\x7f]/.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x300 && c <= 0x36f)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

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

/**
 * `export const <name> = [...] as const;` as prettier prints it: on one line when it fits, else one value per line;
 * numbers, which prettier fills several to a line, are left on one line for prettier (format.ts) to lay out.
 */
export function constList(name: string, literals: readonly string[], numeric: boolean): string {
  const prefix = `export const ${name} = `;
  const one = `${prefix}[${literals.join(', ')}] as const;`;
  if (textWidth(one) <= PRINT_WIDTH || numeric) return one;
  return `${prefix}[\n${literals.map((l) => `  ${l},`).join('\n')}\n] as const;`;
}

/**
 * `export const <name>: <type> = { key: 'text', ... };` as prettier prints it: the object expanded; when the head
 * does not fit, the object on the next line if `... =` alone fits, else the type broken inside its `<>`; an entry
 * over the width with its value on the next line, unless the key is under 5 columns (prettier keeps such a key's
 * value on its line: too little to gain).
 */
export function constRecord(name: string, type: { generic: string; arg: string }, entries: readonly [string, string][]): string {
  const lhs = `export const ${name}: ${type.generic}<${type.arg}> =`;
  const keys = recordKeys(entries.map(([k]) => k));
  const body = (pad: string): string =>
    entries
      .map(([, text], i) => {
        const key = keys[i]!;
        const line = `${pad}${key}: ${jsString(text)},`;
        return textWidth(line) <= PRINT_WIDTH || textWidth(key) < 5 ? line : `${pad}${key}:\n${pad}  ${jsString(text)},`;
      })
      .join('\n');
  if (textWidth(`${lhs} {`) <= PRINT_WIDTH) return `${lhs} {\n${body('  ')}\n};`;
  if (textWidth(lhs) <= PRINT_WIDTH) return `${lhs}\n  {\n${body('    ')}\n  };`;
  return `export const ${name}: ${type.generic}<\n  ${type.arg}\n> = {\n${body('  ')}\n};`;
}

const NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** Object keys as prettier writes them (quoteProps "as-needed"): a name in Unicode's sense (`Year`, `一`) bare, anything else quoted. */
function recordKeys(raw: readonly string[]): string[] {
  return raw.map((k) => (NAME.test(k) ? k : jsString(k)));
}
