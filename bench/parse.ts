/**
 * Parse benchmark: pages/s of parsePage over the corpus (../shared/corpus/zh), in-process, files preloaded,
 * against a peer measured in the same run: marked.lexer alone on the same texts (the floor of any marked-based parser).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { listPages, parsePage, productOf } from '../generator/parse/docs.js';
import { validateSpec } from '../generator/spec/schema.js';

const CORPUS = new URL('../../shared/corpus/zh/', import.meta.url).pathname;

function best(rounds: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function run(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log('parse: skipped: ../shared/corpus not found');
    return;
  }
  const pages = (await listPages(CORPUS)).map((rel) => ({ rel, product: productOf(rel.split('/')[0]!), text: readFileSync(join(CORPUS, rel), 'utf8') }));
  const parseAll = (): void => {
    for (const p of pages) parsePage(p.text, p.rel, p.product);
  };
  const lexAll = (): void => {
    for (const p of pages) marked.lexer(p.text, { gfm: true });
  };
  const tc = performance.now();
  validateSpec({});
  const compile = performance.now() - tc;
  const t0 = performance.now();
  parseAll();
  const cold = performance.now() - t0;
  const rounds = 7;
  const rate = (ms: number): string => `${Math.round((pages.length / ms) * 1000)} pages/s`;
  const lex = best(rounds, lexAll);
  const parse = best(rounds, parseAll);
  console.log(`pages: ${pages.length}`);
  console.log(`ajv schema compile (once per process): ${compile.toFixed(0)} ms`);
  console.log(`parsePage cold (first pass, JIT warming): ${cold.toFixed(0)} ms, ${rate(cold)}`);
  console.log(`parsePage best of ${rounds}: ${parse.toFixed(0)} ms, ${rate(parse)} (target >= 750 pages/s, < 500 ms)`);
  console.log(`peer marked.lexer best of ${rounds}: ${lex.toFixed(0)} ms, ${rate(lex)}`);
  console.log(`ratio parsePage / marked.lexer: ${(parse / lex).toFixed(2)}x`);
}
