/**
 * The stages the commands share: parse (cached on the pages' content), spec -> YAML files, and the one
 * summary line every run ends with.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { formatDiagnostic } from '../diagnostics.js';
import type { PageCache, PageResult, ParseDocsResult, ParseOptions } from '../parse/docs.js';
import { listSpecFiles } from '../spec/files.js';
import type { ActionSpec } from '../spec/model.js';
import { hashFiles, sha1, type OutputCache } from './cache.js';
import { REPO_ROOT } from './context.js';

/** Cache file of build/generate/check (git-ignored `.cache/`). */
export const CACHE_FILE = join('.cache', 'scloud-gen', 'cache.json');

/** `<product>/<Action>.yaml` -> canonical YAML (cached by the spec's JSON); invalid specs come back as diagnostics. */
export async function specFiles(specs: ActionSpec[], specDir: string, cache?: OutputCache): Promise<{ files: Map<string, string>; diagnostics: Diagnostic[] }> {
  const files = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const spec of specs) {
    const rel = `${spec.product}/${spec.action}.yaml`;
    const key = sha1(`yaml\0${PARSER_VERSION()}\0${JSON.stringify(spec)}`);
    let text = cache?.get(key);
    if (text === undefined) {
      const { validateSpec } = await import('../spec/schema.js');
      const { serializeSpec } = await import('../spec/io.js');
      const problems = validateSpec(JSON.parse(JSON.stringify(spec)));
      if (problems.length > 0) {
        for (const p of problems) diagnostics.push({ file: join(specDir, rel), line: 1, col: 1, severity: 'error', code: 'invalid-spec', message: `${p} (see spec/schema.json)` });
        continue;
      }
      text = serializeSpec(spec);
      cache?.set(key, text);
    }
    files.set(rel, text);
  }
  return { files, diagnostics };
}

let parserVersion: string | undefined;
/** Fingerprint of the parse stage's code and schema. */
function PARSER_VERSION(): string {
  parserVersion ??= hashFiles([join(REPO_ROOT, 'generator', 'parse'), join(REPO_ROOT, 'generator', 'spec'), join(REPO_ROOT, 'spec')]);
  return parserVersion;
}

/** Every file under `dir` up to `depth` levels (path + content) into the hash; missing dir hashes as such. */
function hashTree(h: ReturnType<typeof createHash>, dir: string, depth: number, rel = ''): void {
  let entries;
  try {
    entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    h.update(`missing:${rel}`);
    return;
  }
  for (const e of entries) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory() && depth > 0) hashTree(h, dir, depth - 1, r);
    else if (e.isFile()) h.update(`\0${r}\0`).update(readFileSync(join(dir, r)));
  }
}

/**
 * parseDocs, cached on the content of every page and overlay and on the parser's own code: an unchanged
 * docs folder is not parsed again (the parser and marked are not even loaded).
 */
export async function parseDocsCached(docsDir: string, opts: ParseOptions, cache: OutputCache, key = parseKey(docsDir, opts)): Promise<ParseDocsResult> {
  const hit = cache.get(key);
  if (hit !== undefined) return JSON.parse(hit) as ParseDocsResult;
  const { parseDocs } = await import('../parse/docs.js');
  const result = await parseDocs(docsDir, opts, pageCache(cache, opts));
  cache.set(key, JSON.stringify(result));
  return result;
}

/** Per-page entries, keyed by the page's text, path, product and the options that shape a page's result. */
function pageCache(cache: OutputCache, opts: ParseOptions): PageCache {
  const base = `page\0${PARSER_VERSION()}\0${JSON.stringify({ ...opts, overridesDir: undefined })}\0`;
  const key = (rel: string, product: string, text: string): string => sha1(`${base}${rel}\0${product}\0${text}`);
  return {
    lookup(rel, product, text) {
      const hit = cache.get(key(rel, product, text));
      return hit === undefined ? undefined : (JSON.parse(hit) as PageResult);
    },
    store(rel, product, text, result) {
      cache.set(key(rel, product, text), JSON.stringify(result));
    },
  };
}

/**
 * readSpecDir with a cache on each file's text: unchanged YAML is not parsed or validated again.
 * `onMiss` runs once, before the first file that must be parsed (the generate command starts its worker there).
 */
export async function readSpecDirCached(dir: string, cache: OutputCache, onMiss: () => void = () => undefined): Promise<{ specs: ActionSpec[]; diagnostics: Diagnostic[] }> {
  const files = (await listSpecFiles(dir)).map((path) => {
    const text = readFileSync(path, 'utf8');
    return { path, text, key: sha1(`spec\0${PARSER_VERSION()}\0${text}`) };
  });
  if (files.some((f) => !cache.has(f.key))) onMiss();
  const specs: ActionSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const hit = cache.get(f.key);
    if (hit !== undefined) {
      specs.push(JSON.parse(hit) as ActionSpec);
      continue;
    }
    const { parseSpecText } = await import('../spec/io.js');
    const r = parseSpecText(f.text, f.path);
    diagnostics.push(...r.diagnostics);
    if (r.spec !== undefined) {
      specs.push(r.spec);
      cache.set(f.key, JSON.stringify(r.spec));
    }
  }
  return { specs, diagnostics };
}

/** Cache key of a parse: the parser's code, the options and the content of every page and overlay. */
export function parseKey(docsDir: string, opts: ParseOptions): string {
  const h = createHash('sha1').update(`parse\0${PARSER_VERSION()}\0${JSON.stringify(opts)}\0${docsDir}`);
  hashTree(h, docsDir, 1);
  if (opts.overridesDir !== undefined) hashTree(h, opts.overridesDir, 2);
  return h.digest('hex');
}

/**
 * A spec folder's `<product>/<Action>.yaml` files are the build's: one no longer produced is stale and removed.
 * Anything else (deeper folders such as overrides, other files) is never deleted.
 */
export const ownsSpecFile = (rel: string): boolean => /^[a-z0-9][a-z0-9_-]*\/[A-Z][A-Za-z0-9]*\.yaml$/.test(rel);

/** Print warnings/errors (infos are left out) to stderr. */
export function printDiagnostics(list: Diagnostic[]): void {
  for (const d of list) if (d.severity !== 'info') process.stderr.write(`${formatDiagnostic(d)}\n`);
}

export interface Summary {
  command: string;
  actions: number;
  written: number;
  unchanged: number;
  removed?: number;
  warnings: number;
  errors?: number;
  started: number;
}

/** `generate: 376 actions, 12 files written, 400 unchanged, 0 removed, 3 warnings, 0 errors, 0.41 s` */
export function summaryLine(s: Summary): string {
  const secs = ((performance.now() - s.started) / 1000).toFixed(2);
  const removed = s.removed !== undefined ? `, ${s.removed} removed` : '';
  const errors = s.errors !== undefined ? `, ${s.errors} errors` : '';
  return `${s.command}: ${s.actions} actions, ${s.written} files written, ${s.unchanged} unchanged${removed}, ${s.warnings} warnings${errors}, ${secs} s\n`;
}
