/**
 * The synthetic full-size reference: made from the 10-product sample by copying product folders under new,
 * awkward folder names until it has the real reference's shape (>= 80 product folders, >= 2,000 pages, folder
 * names outside `[a-z0-9-]`, two folders whose ids collide after normalisation, ~70 action names documented in
 * two products). Deterministic: the same sample gives byte-identical pages.
 *
 *   node bin/run-ts.js bench/full-corpus.ts <sample-dir> <out-dir>
 *
 * Each copy keeps about two thirds of its source product's pages (chosen by a hash of the page name) and
 * renames every action it documents (`DescribeUHostInstance` -> `DescribeUHostInstanceK3`) so names stay
 * unique, except the first pages of copy 1 of each product, which keep their names: the same action documented
 * in two products, as the real reference does (iam/uaccount, unetworkacl/vpc, ...).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Copies per source product, and the folder name of copy `k` of product `p` (without `-api`). */
const COPIES = 7;
const FOLDER_NAMES: readonly ((p: string, k: number) => string)[] = [
  (p, k) => `${p}${k}-api`,
  (p, k) => `${p}${k}.0-api`, // `vpc2.0-api`
  (p, k) => `${p}-v${k}-api`,
  (p, k) => `${p.toUpperCase()}${k}-api`,
  (p, k) => `${p}_${k}-api`,
  (p, k) => `${p}${k}`, // no `-api` suffix
  (p) => `${p}2_0-api`, // collides with copy 2's `${p}2.0-api` once `.` is normalised
];
/** Pages of copy 1 that keep their action names (documented in two products). */
const SHARED_PER_PRODUCT = 7;
/** Share of a product's pages each copy keeps, in percent. */
const KEEP_PERCENT = 64;

export interface FullCorpusStats {
  products: number;
  pages: number;
  sharedActions: number;
}

function hash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

/** `# 标题 - CreateX` (first heading of level 1 or 2): the action a page documents. */
function actionOf(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^#{1,2}\s.*-\s*\**([A-Z][A-Za-z0-9]*)\**\s*$/.exec(line);
    if (m !== null) return m[1];
    if (/^#{1,2}\s/.test(line)) return undefined;
  }
  return undefined;
}

/** Builds the corpus in `outDir` (replaced) from `sampleDir` (`<product>-api/*.md`). */
export function makeFullCorpus(sampleDir: string, outDir: string): FullCorpusStats {
  rmSync(outDir, { recursive: true, force: true });
  const sources = readdirSync(sampleDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  let pages = 0;
  let products = 0;
  let sharedActions = 0;
  for (const folder of sources) {
    const names = readdirSync(join(sampleDir, folder))
      .filter((f) => f.endsWith('.md'))
      .sort();
    const texts = new Map(names.map((n) => [n, readFileSync(join(sampleDir, folder, n), 'utf8')] as const));
    const actions = [...new Set([...texts.values()].map(actionOf).filter((a): a is string => a !== undefined))].sort();
    write(join(outDir, folder), texts);
    pages += texts.size;
    products++;
    const base = folder.replace(/-api$/, '');
    for (let k = 1; k <= COPIES; k++) {
      const shared = new Set(k === 1 ? actions.slice(0, SHARED_PER_PRODUCT) : []);
      const kept = new Map<string, string>();
      for (const [name, text] of texts) {
        const action = actionOf(text);
        const keep = (action !== undefined && shared.has(action)) || hash(`${folder}/${name}/${k}`) % 100 < KEEP_PERCENT;
        if (keep) kept.set(name, renameActions(text, actions, shared, k));
      }
      sharedActions += [...kept.values()].filter((t) => shared.has(actionOf(t) ?? '')).length;
      write(join(outDir, FOLDER_NAMES[(k - 1) % FOLDER_NAMES.length]!(base, k)), kept);
      pages += kept.size;
      products++;
    }
  }
  return { products, pages, sharedActions };
}

/** Every whole-word occurrence of the product's action names gets the copy's suffix, except shared ones. */
function renameActions(text: string, actions: readonly string[], shared: ReadonlySet<string>, k: number): string {
  const renamed = actions.filter((a) => !shared.has(a));
  if (renamed.length === 0) return text;
  const re = new RegExp(`\\b(${[...renamed].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
  return text.replace(re, (a) => `${a}K${k}`);
}

function write(dir: string, files: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [sample, out] = process.argv.slice(2);
  if (sample === undefined || out === undefined) {
    console.error('usage: node bin/run-ts.js bench/full-corpus.ts <sample-dir> <out-dir>');
    process.exit(2);
  }
  const s = makeFullCorpus(sample, out);
  console.log(`${out}: ${s.products} product folders, ${s.pages} pages, ${s.sharedActions} pages of actions shared by two products`);
}
