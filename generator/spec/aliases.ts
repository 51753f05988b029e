/**
 * The alias file, `<spec>/aliases.yaml`: old names of exported types the docs renamed, each kept in the client as a
 * `@deprecated` alias of the type's new name, so a doc edit does not break code importing the old one. Written by
 * `scloud-gen changelog --write` from diff's `model-renamed` findings (and editable by people); read by every build
 * and by diff and changelog, so generation stays a function of the repo's files. An alias lives until the next
 * release that breaks code anyway (a major from 1.0 on; before 1.0 a minor that breaks), which drops it.
 *
 *   - product: uhost         # product id
 *     old: Disks             # the name the last release exported
 *     new: FamiliesDisks     # the model it is now (an alias to an alias follows it to the model)
 *     since: 1.1.0           # the release that made the alias
 */
import { readFile } from 'node:fs/promises';

export const ALIASES_FILE = 'aliases.yaml';

export interface AliasEntry {
  product: string;
  /** The old exported name. */
  old: string;
  /** What it is now: a model of the product (or another alias's old name, followed). */
  new: string;
  /** The version of the release that made the alias (`1.1.0`). */
  since: string;
  /** Line of the entry's `- product:` in the file (0 for an entry not read from a file). */
  line: number;
}

export interface AliasProblem {
  line: number;
  message: string;
}

const KEYS = ['product', 'old', 'new', 'since'] as const;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ID = /^[a-z0-9][a-z0-9_-]*$/;
/** A release version (semver, no `v`). */
const VERSION = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Reads the file; a missing file is no alias. Problems name their line; the caller turns them into an error. */
export async function readAliases(file: string): Promise<{ entries: AliasEntry[]; problems: AliasProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return { entries: [], problems: [] };
    throw e;
  }
  return parseAliases(text);
}

/** Parses and checks the text: each entry complete, names identifiers, `since` a version, one entry per old name. */
export function parseAliases(text: string): { entries: AliasEntry[]; problems: AliasProblem[] } {
  const entries: AliasEntry[] = [];
  const problems: AliasProblem[] = [];
  let current: (Partial<Record<(typeof KEYS)[number], string>> & { line: number }) | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const missing = KEYS.filter((k) => current?.[k] === undefined);
    if (missing.length > 0) problems.push({ line: current.line, message: `entry lacks ${missing.join(', ')}; an entry has product, old, new and since` });
    else entries.push({ product: current.product!, old: current.old!, new: current.new!, since: current.since!, line: current.line });
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*(#.*)?$/.test(raw)) return;
    const m = /^(- |  )([a-z]+):\s*(.*?)\s*(?:#.*)?$/.exec(raw);
    if (m === null) {
      problems.push({
        line,
        message: `'${raw.trim().slice(0, 40)}' is not a 'key: value' line of an entry ('- product: <id>', then '  old: ...', '  new: ...', '  since: ...')`,
      });
      return;
    }
    if (m[1] === '- ') {
      finish();
      current = { line };
    } else if (current === undefined) {
      problems.push({ line, message: "field before the first entry; an entry starts with '- product: <id>'" });
      return;
    }
    const key = m[2]!;
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push({ line, message: `unknown key '${key}'; keys are ${KEYS.join(', ')}` });
      return;
    }
    if (current[key as (typeof KEYS)[number]] !== undefined) problems.push({ line, message: `'${key}' given twice in one entry` });
    current[key as (typeof KEYS)[number]] = unquote(m[3]!);
  });
  finish();
  problems.push(...checkEntries(entries));
  return { entries, problems };
}

function unquote(v: string): string {
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  return v;
}

function checkEntries(entries: readonly AliasEntry[]): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const seen = new Map<string, number>();
  for (const e of entries) {
    if (!ID.test(e.product)) problems.push({ line: e.line, message: `product '${e.product}' is not a product id (${ID.source})` });
    for (const k of ['old', 'new'] as const) {
      if (!IDENT.test(e[k])) problems.push({ line: e.line, message: `${k} '${e[k]}' is not a TypeScript identifier` });
    }
    if (e.old === e.new) problems.push({ line: e.line, message: `old and new are both '${e.old}': an alias names another type; remove the entry` });
    if (!VERSION.test(e.since)) problems.push({ line: e.line, message: `since '${e.since}' is not a version like 1.2.0 (the release that made the alias)` });
    const key = `${e.product}\0${e.old}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ line: e.line, message: `${e.product} '${e.old}' already has an alias at line ${first}; keep one entry` });
    else seen.set(key, e.line);
  }
  return problems;
}

/** The canonical text of the file: a header saying what it is, entries sorted by product then old name. */
export function serializeAliases(entries: readonly Omit<AliasEntry, 'line'>[]): string {
  const lines = [
    '# Old names of renamed types, kept in the client as deprecated aliases of their new names, so code importing',
    '# them still compiles (README: names that survive renames). `scloud-gen changelog --write` adds an entry for',
    '# each model the docs renamed since the last release and drops them at the next release that breaks code',
    '# anyway; edit by hand if needed, then run `npm run generate`.',
  ];
  const sorted = [...entries].sort((a, b) => cmp(a.product, b.product) || cmp(a.old, b.old));
  for (const e of sorted) lines.push(`- product: ${e.product}`, `  old: ${e.old}`, `  new: ${e.new}`, `  since: ${e.since}`);
  return `${lines.join('\n')}\n`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
