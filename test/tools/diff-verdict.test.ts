/**
 * Property test: for random pairs of small products (random-products.ts), diff's verdict agrees with the
 * TypeScript compiler on the two generated clients, for every action and product (compiler-verdict.ts).
 * SCLOUD_DIFF_RUNS sets the number of runs (default 60; the heavy suite runs 2000).
 */
import { describe, it } from 'vitest';
import { checkDiffAgainstCompiler } from './random-products.js';

describe('diff verdict = compiler verdict (random products)', () => {
  it('agrees on every action and product', () => checkDiffAgainstCompiler(Number(process.env.SCLOUD_DIFF_RUNS ?? 60)), 300_000);
});
