/**
 * A direct YAML writer for plain data (objects, arrays, strings, numbers, booleans, null), byte-identical to
 * `yaml`'s `stringify(value, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false })` for the values it
 * accepts, and several times faster because it builds no document tree. For anything outside its rules (a
 * multi-line or control-character string, an unusual key, a string that looks like a YAML directive) it throws
 * `Unsupported`, and the caller falls back to the `yaml` library for the whole value. Tests compare the two on
 * every corpus spec and on random values.
 */

/** Thrown for a value this writer does not write exactly as `yaml` would. */
export class Unsupported extends Error {}

/** yaml 1.2 core-schema scalars a plain string must not look like (it would read back as another type). */
const NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Where yaml's plain style is not allowed (its own rule, for single-line values). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Control characters and lone surrogates (yaml escapes them), and line breaks (block scalars). */
const SPECIAL = /[\x00-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
/** Control characters other than the line break, and lone surrogates. */
const SPECIAL_IN_BLOCK = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/**
 * A multi-line string as yaml writes it in block context: a literal block (`|-`), its lines indented by
 * `indent`. Only the plain case: no leading space or line break (which need an indentation indicator), no
 * trailing whitespace (other chomping), no tabs or control characters.
 */
function block(value: string, indent: string): string {
  if (SPECIAL_IN_BLOCK.test(value) || /^[ \n]|[\s]$/.test(value)) throw new Unsupported();
  return `|-\n${indent}${value.replace(/\n+/g, (m) => `${m}${indent}`)}`;
}

/** Only strings starting with a digit, a sign, `.`, `~` or an n/t/f letter can match NOT_STRING (cheap pre-test). */
function mayLookTyped(value: string): boolean {
  if (value === '') return true;
  const c = value.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
}

/** A string scalar in value or key position, as yaml writes it (single line only). */
function str(value: string): string {
  if (SPECIAL.test(value) || DOCUMENT_MARKER.test(value)) throw new Unsupported();
  if (!NOT_PLAIN.test(value) && !(mayLookTyped(value) && NOT_STRING.some((re) => re.test(value)))) return value;
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

function key(k: string): string {
  if (k.length > 1000) throw new Unsupported();
  return str(k);
}

function scalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Unsupported();
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
      if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) throw new Unsupported();
      return Object.keys(v).length === 0 ? '{}' : undefined;
    default:
      throw new Unsupported();
  }
}

/** Lines of a mapping whose keys start at `indent`. */
function mapping(o: Record<string, unknown>, indent: string, out: string[], first?: string): void {
  let lead = first;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined) continue;
    const head = `${lead ?? indent}${key(k)}:`;
    lead = undefined;
    const s = typeof v === 'string' && v.includes('\n') ? block(v, `${indent}  `) : scalar(v);
    if (s !== undefined) out.push(`${head} ${s}`);
    else {
      out.push(head);
      if (Array.isArray(v)) sequence(v, `${indent}  `, out);
      else mapping(v as Record<string, unknown>, `${indent}  `, out);
    }
  }
}

/** Lines of a sequence whose dashes start at `indent`. */
function sequence(a: readonly unknown[], indent: string, out: string[], first?: string): void {
  let lead = first;
  for (const v of a) {
    const dash = `${lead ?? indent}- `;
    lead = undefined;
    const s = typeof v === 'string' && v.includes('\n') ? block(v, `${indent}  `) : scalar(v === undefined ? null : v);
    if (s !== undefined) out.push(`${dash}${s}`);
    else if (Array.isArray(v)) sequence(v, `${indent}  `, out, dash);
    else mapping(v as Record<string, unknown>, `${indent}  `, out, dash);
  }
}

/** YAML text of a plain-data mapping, as yaml's stringify writes it; throws Unsupported otherwise. */
export function writeYaml(value: Record<string, unknown>): string {
  const out: string[] = [];
  mapping(value, '', out);
  return out.length === 0 ? '{}\n' : `${out.join('\n')}\n`;
}
