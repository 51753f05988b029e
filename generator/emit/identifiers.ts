/**
 * Identifier rules of the emitted TypeScript: camelCase function names, PascalCase type names,
 * property names as the API spells them (quoted when not a valid identifier), and reserved-word escapes.
 */

/** ECMAScript + TypeScript reserved and strict-mode words that cannot be a binding name. */
import { jsString } from './layout.js';

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield await any boolean number string ' +
    'symbol unknown never object undefined type arguments eval constructor declare module namespace require'
  ).split(' '),
);

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` can be written unquoted as a property name. */
export function isPlainPropertyName(name: string): boolean {
  return IDENT.test(name);
}

/** A property name as written in an interface: the API spelling, quoted (single quotes) when needed. */
export function propertyName(name: string): string {
  if (isPlainPropertyName(name)) return name;
  return jsString(name);
}

/** Replace characters that cannot appear in an identifier and avoid a leading digit or a reserved word. */
export function safeIdentifier(raw: string): string {
  let id = raw.replace(/[^A-Za-z0-9_$]+/g, '_');
  if (id === '') id = '_';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** `CreateCustomImage` -> `createCustomImage`; `ULBCreate` -> `ulbCreate`; `UHost` -> `uHost`; always a safe identifier. */
export function camelCase(name: string): string {
  const parts = splitWords(name);
  if (parts.length === 0) return safeIdentifier(name);
  const [first, ...rest] = parts;
  const head = /^[A-Z0-9]+$/.test(first!) ? first!.toLowerCase() : first!.charAt(0).toLowerCase() + first!.slice(1);
  return safeIdentifier(head + rest.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(''));
}

/** `disks` -> `Disks`, `custom-backup` -> `CustomBackup`; keeps inner capitals (`UHostId`). */
export function pascalCase(name: string): string {
  const parts = splitWords(name);
  const id = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return safeIdentifier(id === '' ? '_' : id);
}

/**
 * Split on non-alphanumerics, then split the first word's leading capital run so acronyms lower-case
 * as one word: `ULBCreate` -> [`ULB`, `Create`]. Inner words keep their spelling.
 */
function splitWords(name: string): string[] {
  const chunks = name.split(/[^A-Za-z0-9]+/).filter((c) => c !== '');
  if (chunks.length === 0) return [];
  const first = chunks[0]!;
  const m = /^([A-Z]{2,})([A-Z][a-z].*)$/.exec(first);
  if (m) return [m[1]!, m[2]!, ...chunks.slice(1)];
  return chunks;
}

/**
 * Hands out identifiers unique within one scope (a file or a product): the first request for a name gets it,
 * later ones get `Name2`, `Name3`... Callers ask in a deterministic order, so the result is deterministic.
 */
export class NameRegistry {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
  claim(wanted: string): string {
    let name = wanted;
    for (let i = 2; this.used.has(name); i++) name = `${wanted}${i}`;
    this.used.add(name);
    return name;
  }
}
