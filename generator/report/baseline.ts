/**
 * Baseline files: the findings a project already knows about, so CI fails only on new ones.
 *
 * A finding's fingerprint is its file (relative to the docs dir), code and message, never its line (nor the
 * `(line N)` a message quotes), so edits elsewhere on a page do not turn known findings into new ones. Equal fingerprints are counted. The file is
 * sorted JSON with one finding per line:
 *
 *   {
 *     "version": 1,
 *     "findings": [
 *       {"file": "uhost-api/a.md", "code": "example-mismatch", "message": "...", "count": 2}
 *     ]
 *   }
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../diagnostics.js';
import { locate } from './product-ids.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  file: string;
  code: string;
  message: string;
  /** How many findings with this fingerprint are known (>= 1). */
  count: number;
}

/** The fingerprint key of a diagnostic or entry: file (relative to a root), code and message without the lines it quotes. */
export function fingerprint(d: Pick<Diagnostic, 'file' | 'code' | 'message'>, roots: readonly string[]): string {
  return JSON.stringify([locate(d.file, roots).rel, d.code, d.message.replace(/\((?:line|row) \d+\)/g, '(line)')]);
}

/** Entries for `diagnostics`: one per fingerprint, counted, sorted by file, code, message. */
export function baselineFrom(diagnostics: readonly Diagnostic[], roots: readonly string[]): BaselineEntry[] {
  const counts = new Map<string, BaselineEntry>();
  for (const d of diagnostics) {
    const key = fingerprint(d, roots);
    const e = counts.get(key);
    if (e !== undefined) e.count++;
    else counts.set(key, { file: locate(d.file, roots).rel, code: d.code, message: d.message, count: 1 });
  }
  return sortEntries([...counts.values()]);
}

/** The one canonical text of a baseline: fixed key order, one finding per line, LF, trailing newline. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const lines = sortEntries(merge(entries)).map(
    (e) => `    {"file": ${JSON.stringify(e.file)}, "code": ${JSON.stringify(e.code)}, "message": ${JSON.stringify(e.message)}, "count": ${e.count}}`,
  );
  const findings = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "findings": ${findings}\n}\n`;
}

/** Parse a baseline file's text; any problem is a UsageError naming the file, the line and the fix. */
export function parseBaseline(text: string, file: string): BaselineEntry[] {
  const fix = `regenerate it with --write-baseline ${file}`;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message.replace(/, ".*$/s, '').replace(/ in JSON at position.*$/s, '');
    throw new UsageError(`${file}:${syntaxErrorLine(text, (e as Error).message)}: baseline file is not valid JSON (${message}); fix it or ${fix}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new UsageError(`${file}:1: a baseline file is a JSON object with "version" and "findings"; ${fix}`);
  const { version, findings } = doc as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION) {
    throw new UsageError(
      `${file}:${lineOf(text, '"version"')}: unsupported baseline version ${JSON.stringify(version ?? null)}; this scloud-gen reads version ${BASELINE_VERSION}: ${fix}`,
    );
  }
  if (!Array.isArray(findings)) throw new UsageError(`${file}:${lineOf(text, '"findings"')}: "findings" must be an array; ${fix}`);
  const entries = findings.map((f: unknown, i) => {
    const e = f as Partial<BaselineEntry> | null;
    const ok =
      typeof e === 'object' &&
      e !== null &&
      typeof e.file === 'string' &&
      typeof e.code === 'string' &&
      typeof e.message === 'string' &&
      Number.isInteger(e.count) &&
      (e.count ?? 0) >= 1;
    if (!ok) {
      throw new UsageError(
        `${file}:${entryLine(text, i)}: findings[${i}] needs "file", "code" and "message" strings and a "count" of 1 or more; fix the entry or ${fix}`,
      );
    }
    return { file: e.file!, code: e.code!, message: e.message!, count: e.count! };
  });
  return sortEntries(merge(entries));
}

/** Read a baseline file; a missing file is a UsageError that says how to create one. */
export async function readBaseline(file: string): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    const hint = code === 'ENOENT' ? `create it with --write-baseline ${file}` : 'check its permissions';
    throw new UsageError(`baseline file '${file}' cannot be read (${code}); ${hint}`);
  }
  return parseBaseline(text, file);
}

/** Write a baseline file (temp file + rename, so a reader never sees half a file). */
export async function writeBaseline(file: string, entries: readonly BaselineEntry[]): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, serializeBaseline(entries));
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`baseline file '${file}' cannot be written (${code}); pass a writable path to --write-baseline`);
  }
}

function merge(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const e of entries) {
    const key = JSON.stringify([e.file, e.code, e.message]);
    const seen = byKey.get(key);
    if (seen !== undefined) seen.count += e.count;
    else byKey.set(key, { ...e });
  }
  return [...byKey.values()];
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => cmp(a.file, b.file) || cmp(a.code, b.code) || cmp(a.message, b.message));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/**
 * Best line for a JSON syntax error: the parser's position when it gives one, the last line at the end of
 * input, else the first one-line finding that does not parse on its own (the canonical layout), else line 1.
 */
function syntaxErrorLine(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at !== null) return text.slice(0, Number(at[1])).split('\n').length;
  const lines = text.split('\n');
  if (/end of JSON input/i.test(message)) {
    let last = lines.length;
    while (last > 1 && lines[last - 1]!.trim() === '') last--;
    return last;
  }
  const bad = lines.findIndex((l) => {
    const t = l.trim().replace(/,$/, '');
    if (!t.startsWith('{"')) return false;
    try {
      JSON.parse(t);
      return false;
    } catch {
      return true;
    }
  });
  return bad < 0 ? 1 : bad + 1;
}

/** Line of the i-th entry: the i-th line after `"findings"` that opens an object (canonical or pretty-printed layout). */
function entryLine(text: string, index: number): number {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('"findings"'));
  let seen = -1;
  for (let n = start + 1; start >= 0 && n < lines.length; n++) {
    if (lines[n]!.trimStart().startsWith('{') && ++seen === index) return n + 1;
  }
  return lineOf(text, '"findings"');
}
