/**
 * The product table, `<spec>/products.yaml`: one entry per docs folder with the product's id (its folder in
 * spec/ and generated/, its import path `scloud-sdk/<id>`), display name, class facade name and namespace name.
 * Public names must not change on a doc update, so they are chosen once, when a folder is first seen, and kept:
 * `build` adds entries for new folders and never rewrites an existing one but for the folder of a moved product
 * (below); a person may edit any name.
 *
 * Product id rule, for a folder not in the table: drop a trailing `-api` (any case), lower-case, turn every
 * character outside `[a-z0-9_-]` into `_`, squeeze repeated `_`, trim `_`/`-` at both ends (`vpc2.0-api` ->
 * `vpc2_0`, `UHost-api` -> `uhost`); an empty result is `p`. An id already taken (by the table, or by a folder
 * whose name needed no change, or by an earlier folder in code-unit order) gets `-` and the first 6 hex digits
 * of the SHA-1 of the folder name (`vpc2_0-3f9a1c`), so two folders never share an id. `runtime`, `testing` and
 * `all` are taken by the client package itself (`testing-api` -> `testing-<hash>`).
 *
 * Moves: an entry whose folder is gone is taken over, id and names, by a new folder (its `folder` then changes):
 * 1. by the rule: a new folder whose id by the rule is the gone entry's id (`uhost` -> `uhost-api`);
 * 2. by its pages: a new folder holding more than half of the pages the gone entry's specs were parsed from (the
 *    `source` of `<spec>/<id>/*.yaml`, compared by file name), when that folder is the only one that does and the
 *    entry the only one it does it for; otherwise nothing moves and the entry is reported (`ambiguous-move`).
 * A gone entry nothing takes over stays (a folder that comes back keeps its names) and keeps its id from the hash
 * rule only: a new folder whose rule id it is takes it over (rule 1).
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
/** Folders and import paths of the client package that are not products: the runtime, the testing kit (`scloud-sdk/testing`) and every product at once (`scloud-sdk/all`). */
export const ALL_ID = 'all';
const RESERVED_IDS: readonly string[] = ['runtime', 'testing', ALL_ID];
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

/** What recognises a move (rule 2): page file names (`create_custom_image.md`), by gone entry id and by folder. */
export interface MoveEvidence {
  gonePages: ReadonlyMap<string, readonly string[]>;
  folderPages: ReadonlyMap<string, readonly string[]>;
}

export interface IdAssignment {
  /** Docs folder -> product id. */
  ids: Map<string, string>;
  /** Gone entries taken over: id -> the new folder. */
  moved: Map<string, string>;
  /** Gone entries whose pages are in more than one new folder (or share one with another entry): nothing moved. */
  ambiguous: { id: string; folders: string[] }[];
}

/**
 * Ids for every folder: the table's for known folders, a gone entry's for the new folder that takes it over
 * (moves, above), the rule's for the others (lossless slugs first, then the others in code-unit order, so an exact
 * name keeps its id when a lossy one would collide with it).
 */
export function assignIds(folders: readonly string[], table: readonly ProductEntry[], evidence?: MoveEvidence): IdAssignment {
  const ids = new Map<string, string>();
  const present = new Set(folders);
  for (const e of table) if (present.has(e.folder)) ids.set(e.folder, e.id);
  const gone = new Map(table.filter((e) => !present.has(e.folder)).map((e) => [e.id, e] as const));
  const lossless = (f: string): boolean => f.replace(/-api$/i, '') === productSlug(f);
  const sorted = [...folders].filter((f) => !ids.has(f)).sort(cmp);
  const fresh = [...sorted.filter(lossless), ...sorted.filter((f) => !lossless(f))];
  const moved = new Map<string, string>();
  const takeOver = (id: string, folder: string): void => {
    moved.set(id, folder);
    ids.set(folder, id);
    gone.delete(id);
  };
  for (const f of fresh) if (gone.has(productSlug(f))) takeOver(productSlug(f), f);
  const ambiguous =
    evidence === undefined
      ? []
      : movesByPages(
          gone,
          fresh.filter((f) => !ids.has(f)),
          evidence,
          takeOver,
        );
  const taken = new Set([...RESERVED_IDS, ...table.map((e) => e.id)]);
  for (const f of fresh) {
    if (ids.has(f)) continue;
    let id = productSlug(f);
    if (taken.has(id)) id = `${id}-${shortHash(f)}`;
    for (let i = 2; taken.has(id); i++) id = `${productSlug(f)}-${shortHash(f)}-${i}`;
    taken.add(id);
    ids.set(f, id);
  }
  return { ids, moved, ambiguous };
}

/** Rule 2: pairs (gone entry, new folder) where the folder holds most of the entry's pages, each the other's only match. */
function movesByPages(
  gone: ReadonlyMap<string, ProductEntry>,
  fresh: readonly string[],
  evidence: MoveEvidence,
  takeOver: (id: string, folder: string) => void,
): IdAssignment['ambiguous'] {
  const matches = new Map<string, string[]>(); // gone id -> folders holding most of its pages
  for (const id of [...gone.keys()].sort(cmp)) {
    const pages = new Set(evidence.gonePages.get(id) ?? []);
    if (pages.size === 0) continue;
    const hits = fresh.filter((f) => 2 * (evidence.folderPages.get(f) ?? []).filter((p) => pages.has(p)).length > pages.size);
    if (hits.length > 0) matches.set(id, hits);
  }
  const claims = new Map<string, number>(); // folder -> how many gone entries it matches
  for (const hits of matches.values()) for (const f of hits) claims.set(f, (claims.get(f) ?? 0) + 1);
  const ambiguous: IdAssignment['ambiguous'] = [];
  for (const [id, hits] of matches) {
    if (hits.length === 1 && claims.get(hits[0]!) === 1) takeOver(id, hits[0]!);
    else ambiguous.push({ id, folders: [...hits].sort(cmp) });
  }
  return ambiguous;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
    '# products and never changes an existing entry but for its folder when the folder moved (README: ids): edit a',
    '# name here, then run `npm run generate`.',
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
export async function readProductTable(file: string): Promise<ProductTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [], lines: new Map() };
    throw e;
  }
  return parseProductTable(text);
}

export interface ProductTable {
  entries: ProductEntry[];
  problems: ProductTableProblem[];
  /** Line of each entry's `- id:`, by id (for messages about an entry). */
  lines: Map<string, number>;
}

/** Parses and checks the table text: each entry complete, ids, folders, classes and namespaces unique and valid. */
export function parseProductTable(text: string): ProductTable {
  const entries: ProductEntry[] = [];
  const lines = new Map<string, number>();
  const problems: ProductTableProblem[] = [];
  let current: (Partial<ProductEntry> & { line: number }) | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const missing = (['id', 'folder', 'name', 'class', 'namespace'] as const).filter((k) => current?.[k] === undefined);
    if (missing.length > 0) problems.push({ line: current.line, message: `entry lacks ${missing.join(', ')}` });
    else {
      entries.push({ id: current.id!, folder: current.folder!, name: current.name!, class: current.class!, namespace: current.namespace! });
      if (!lines.has(current.id!)) lines.set(current.id!, current.line);
    }
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
  return { entries, problems, lines };
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
