/** Heavy suite: the diff-vs-compiler property of test/tools/diff-verdict.test.ts with many more runs. */
import { describe, it } from 'vitest';
import { checkDiffAgainstCompiler } from '../tools/random-products.js';

describe('diff verdict = compiler verdict (random products, long run)', () => {
  it('agrees on every action and product', () => checkDiffAgainstCompiler(Number(process.env.SCLOUD_DIFF_RUNS ?? 2000)), 60 * 60_000);
});
