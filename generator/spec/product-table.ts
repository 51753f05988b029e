/**
 * The product table, `<spec>/products.yaml`: one entry per docs folder with the product's id (its folder in
 * spec/ and generated/, its import path `scloud-sdk/<id>`), display name, class facade name and namespace name.
 * Public names must not change on a doc update, so they are chosen once, when a folder is first seen, and kept:
 * `build` adds entries for new folders and never rewrites an existing one (a person may edit any name).
 *
 * Product id rule, for a folder not in the table: drop a trailing `-api` (any case), lower-case, turn every
 * character outside `[a-z0-9_-]` into `_`, squeeze repeated `_`, trim `_`/`-` at both ends (`vpc2.0-api` ->
 * `vpc2_0`, `UHost-api` -> `uhost`); an empty result is `p`. An id already taken (by the table, or by a folder
 * whose name needed no change, or by an earlier folder in code-unit order) gets `-` and the first 6 hex digits
 * of the SHA-1 of the folder name (`vpc2_0-3f9a1c`), so two folders never share an id. `runtime` and `testing` are
 * taken by the client package itself (`testing-api` -> `testing-<hash>`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ActionSpec } from './model.js';

export interface ProductEntry {
  /** Folder in spec/ and generated/, import path `scloud-sdk/<id>`: matches `^[a-z0-9][a-z0-9_-]*$`. */
  id: string;
  /** Docs folder as written (`vpc2.0-api`), kept for doc links. */
  folder: string;
  /** Display name (`UHost`). */
  name: string;
  /** Class facade name (`UHostClient`). */
  class: string;
  /** Namespace of the root index (`uhost`). */
  namespace: string;
}

export interface ProductTableProblem {
  line: number;
  message: string;
}

const ID = /^[a-z0-9][a-z0-9_-]*$/;
/** Folders and import paths of the client package that are not products: the runtime, and the testing kit (`scloud-sdk/testing`). */
const RESERVED_IDS: readonly string[] = ['runtime', 'testing'];
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The id a folder gets by the rule alone (before collisions are settled). */
export function productSlug(folder: string): string {
  const slug = folder
    .replace(/-api$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '');
  return slug === '' ? 'p' : slug;
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 6);
}

/**
 * Ids for every folder: the table's for known folders, the rule's for new ones (lossless slugs first, then the
 * others in code-unit order, so an exact name keeps its id when a lossy one would collide with it).
 */
export function assignIds(folders: readonly string[], table: readonly ProductEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set([...RESERVED_IDS, ...table.map((e) => e.id)]);
  for (const e of table) if (folders.includes(e.folder)) out.set(e.folder, e.id);
  const fresh = [...folders].filter((f) => !out.has(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lossless = (f: string): boolean => f.replace(/-api$/i, '') === productSlug(f);
  for (const f of [...fresh.filter(lossless), ...fresh.filter((f) => !lossless(f))]) {
    let id = productSlug(f);
    if (taken.has(id)) id = `${id}-${shortHash(f)}`;
    for (let i = 2; taken.has(id); i++) id = `${productSlug(f)}-${shortHash(f)}-${i}`;
    taken.add(id);
    out.set(f, id);
  }
  return out;
}

/** `wanted`, or `wanted2`, `wanted3`... the first not in `taken` (which then holds it). */
export function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
  taken.add(name);
  return name;
}

/**
 * The product as the action names spell it (`uhost` -> `UHost` from `DescribeUHostInstance`), most frequent
 * spelling first (ties: code-unit order), else the id in PascalCase.
 */
export function displayName(id: string, specs: readonly ActionSpec[]): string {
  const letters = id.replace(/[^a-z0-9]/gi, '');
  const counts = new Map<string, number>();
  if (letters !== '') {
    const re = new RegExp(letters, 'gi');
    for (const s of specs) for (const m of s.action.match(re) ?? []) if (/^[A-Z]/.test(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const best = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0]?.[0];
  return best ?? pascal(id);
}

function pascal(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z_]/.test(name) ? name : `P${name}`;
}

/** `uhost` -> `uhost`, `ip-secvpn` -> `ipSecvpn`, `vpc2_0` -> `vpc2_0`: a valid identifier, not a reserved word. */
export function namespaceOf(id: string): string {
  const [first = 'p', ...rest] = id.split('-').filter((w) => w !== '');
  const name = first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  const ident = /^[0-9]/.test(name) ? `p${name}` : name;
  return RESERVED.has(ident) ? `${ident}_` : ident;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with as implements interface ' +
    'let package private protected public static yield await'
  ).split(' '),
);

/** The canonical YAML text of the table: fixed key order, a header saying what it is, sorted by id. */
export function serializeProductTable(entries: readonly ProductEntry[]): string {
  const lines = [
    '# Products of the API reference, one entry per docs folder: id (folder in spec/ and generated/, import path',
    '# scloud-sdk/<id>), docs folder, display name, class facade and namespace names. `scloud-gen build` adds new',
    '# products and never changes an existing entry: edit a name here, then run `npm run generate`.',
  ];
  for (const e of entries) {
    lines.push(`- id: ${e.id}`, `  folder: ${quote(e.folder)}`, `  name: ${quote(e.name)}`, `  class: ${e.class}`, `  namespace: ${e.namespace}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Plain YAML scalar when safe, else a double-quoted JSON string (valid YAML). */
function quote(s: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(s) && !/^(?:true|false|null|yes|no|on|off|~|[0-9.eE+-]+)$/i.test(s) ? s : JSON.stringify(s);
}

/** Reads the table; a missing file is an empty table. Problems name their line; the caller turns them into an error. */
export async function readProductTable(file: string): Promise<{ entries: ProductEntry[]; problems: ProductTableProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
    throw e;
  }
  return parseProductTable(text);
}

/** Parses and checks the table text: each entry complete, ids, folders, classes and namespaces unique and valid. */
export function parseProductTable(text: string): { entries: ProductEntry[]; problems: ProductTableProblem[] } {
  const entries: ProductEntry[] = [];
  const problems: ProductTableProblem[] = [];
  let current: (Partial<ProductEntry> & { line: number }) | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const missing = (['id', 'folder', 'name', 'class', 'namespace'] as const).filter((k) => current?.[k] === undefined);
    if (missing.length > 0) problems.push({ line: current.line, message: `entry lacks ${missing.join(', ')}` });
    else entries.push({ id: current.id!, folder: current.folder!, name: current.name!, class: current.class!, namespace: current.namespace! });
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*(#.*)?$/.test(raw)) return;
    const m = /^(- |  )([a-z]+):\s*(.*?)\s*$/.exec(raw);
    if (m === null) {
      problems.push({ line, message: `'${raw.trim().slice(0, 40)}' is not a 'key: value' line of an entry ('- id: ...' then '  folder: ...')` });
      return;
    }
    if (m[1] === '- ') {
      finish();
      current = { line };
    } else if (current === undefined) {
      problems.push({ line, message: "field before the first entry; an entry starts with '- id: <id>'" });
      return;
    }
    const key = m[2]!;
    if (!['id', 'folder', 'name', 'class', 'namespace'].includes(key)) {
      problems.push({ line, message: `unknown key '${key}'; keys are id, folder, name, class, namespace` });
      return;
    }
    (current as Record<string, unknown>)[key] = unquote(m[3]!);
  });
  finish();
  problems.push(...checkEntries(entries, text));
  return { entries, problems };
}

function unquote(v: string): string {
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v;
    }
  }
  return v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
}

function checkEntries(entries: readonly ProductEntry[], text: string): ProductTableProblem[] {
  const problems: ProductTableProblem[] = [];
  const lineOf = (id: string): number => text.split(/\r?\n/).findIndex((l) => l === `- id: ${id}`) + 1;
  const seen = { id: new Set<string>(), folder: new Set<string>(), class: new Set<string>(), namespace: new Set<string>() };
  for (const e of entries) {
    const line = lineOf(e.id);
    if (!ID.test(e.id)) problems.push({ line, message: `id '${e.id}' must match ${ID.source}` });
    if (RESERVED_IDS.includes(e.id))
      problems.push({ line, message: `id '${e.id}' is reserved (${RESERVED_IDS.join(', ')} are folders of the client package); pick another` });
    if (!IDENT.test(e.class)) problems.push({ line, message: `class '${e.class}' of ${e.id} is not a TypeScript identifier` });
    if (!IDENT.test(e.namespace) || RESERVED.has(e.namespace))
      problems.push({ line, message: `namespace '${e.namespace}' of ${e.id} is not a usable identifier` });
    for (const key of ['id', 'folder', 'class', 'namespace'] as const) {
      if (seen[key].has(e[key])) problems.push({ line, message: `${key} '${e[key]}' is used by two entries; each must be unique` });
      seen[key].add(e[key]);
    }
  }
  return problems;
}
