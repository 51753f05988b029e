/**
 * Fuzz suite (issue 9): a few thousand seeded mutations of real pages (../shared/corpus/zh when present,
 * else the pages under test/golden and test/fixtures): byte flips, truncation, duplicated and deleted lines,
 * random table pipes, huge lines, deep nesting of `>`/lists/emphasis, invalid UTF-8, NUL bytes, CRLF/CR.
 * Each mutated page goes through the parser's own read path (decodeUtf8, then parsePage) and must: not
 * throw, give diagnostics with a known code at a line and column inside the page, parse in bounded time,
 * and give a spec (if any) that passes spec/schema.json and writes out as YAML.
 *
 * Replay a failure: FUZZ_SEED=<seed printed by the run> npx vitest run test/parse/fuzz.test.ts
 * (fast-check also prints the counterexample and its path).
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBytes } from './checks.js';
import { apply, byteLevel, lineLevel, pathological } from './mutate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'zh');
const FALLBACK = [join(ROOT, 'test', 'golden'), join(ROOT, 'test', 'fixtures')];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f))
    .sort();
}

const HAVE_CORPUS = existsSync(CORPUS);
const FILES = HAVE_CORPUS ? markdownFiles(CORPUS) : FALLBACK.flatMap(markdownFiles);
const PAGES = FILES.map((f) => readFileSync(f));
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(
  `fuzz: seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${PAGES.length} pages from ${HAVE_CORPUS ? '../shared/corpus/zh' : 'test/golden + test/fixtures (../shared/corpus not found)'}`,
);

/** Pages are drawn by index, so a counterexample prints as `[page index, mutations]`, not as 20 KB of bytes. */
const pageIndex = fc.integer({ min: 0, max: Math.max(0, PAGES.length - 1) });
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);

describe.each([
  ['byte flips, truncation, invalid UTF-8, NUL, CRLF/CR', byteLevel, 900, 0],
  ['duplicated and deleted lines, table pipes, Markdown pieces', lineLevel, 900, 1],
  ['huge lines and deep nesting', pathological, 250, 2],
  ['all of them mixed', fc.oneof(byteLevel, lineLevel, pathological), 700, 3],
] as const)('fuzz: %s', (_name, mutation, numRuns, offset) => {
  it(`${numRuns} mutated pages keep every property`, () => {
    expect(PAGES.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(pageIndex, fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        expect(checkBytes(ms.reduce(apply, PAGES[i]!)), FILES[i]).toEqual([]);
      }),
      // No shrinking: it re-parses megabyte pages for minutes; the seed and path replay the failure as is.
      { seed: SEED + offset, numRuns: Math.round(numRuns * RUNS), endOnFailure: true },
    );
  }, 120_000);
});
