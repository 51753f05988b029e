/**
 * The build cache (`.cache/scloud-gen/<run>/`): parse results survive a reopen, a generator change or a run
 * killed between the data append and the index write, and a damaged entry is a miss, never a failed build.
 */
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildCache } from '../../generator/engine/cache.js';
import { removeDir, tempDir } from '../emit/helpers.js';

const PARTS = ['docs', 'spec', 'out'];
const value = (i: number, tag: string): { i: number; tag: string; pad: string } => ({ i, tag, pad: 'x'.repeat(50 + (i % 7)) });

async function saved(root: string, version: string, tag: string, n: number): Promise<void> {
  const s = await BuildCache.open(root, PARTS, version);
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    s.setResult(`${tag}${i}`, value(i, tag));
    keys.add(`${tag}${i}`);
  }
  await s.save(keys);
}

async function readBack(root: string, version: string, tag: string, n: number): Promise<unknown[]> {
  const s = await BuildCache.open(root, PARTS, version);
  return Array.from({ length: n }, (_, i) => s.result(`${tag}${i}`));
}

const want = (tag: string, n: number): unknown[] => Array.from({ length: n }, (_, i) => value(i, tag));

describe('build state', () => {
  let root = '';
  afterEach(() => removeDir(root));

  it('results read back after a reopen', async () => {
    root = tempDir('scloud-state-');
    await saved(root, 'v1', 'a', 40);
    expect(await readBack(root, 'v1', 'a', 40)).toEqual(want('a', 40));
  });

  it('a generator change drops the old results, and the new ones read back (they were appended after the old data)', async () => {
    root = tempDir('scloud-state-');
    await saved(root, 'v1', 'a', 40);
    await saved(root, 'v2', 'b', 30);
    expect(await readBack(root, 'v2', 'b', 30)).toEqual(want('b', 30));
    expect(await readBack(root, 'v2', 'a', 1)).toEqual([undefined]);
  });

  it('bytes appended by a run killed before its index write do not shift the next entries', async () => {
    root = tempDir('scloud-state-');
    await saved(root, 'v1', 'a', 20);
    const dir = join(root, readdirSync(root)[0]!);
    appendFileSync(join(dir, 'data.bin'), '{"half-written":');
    const s = await BuildCache.open(root, PARTS, 'v1');
    s.setResult('b0', value(0, 'b'));
    await s.save(new Set(['a0', 'a19', 'b0']));
    const again = await BuildCache.open(root, PARTS, 'v1');
    expect([again.result('a0'), again.result('a19'), again.result('b0')]).toEqual([value(0, 'a'), value(19, 'a'), value(0, 'b')]);
  });

  it('a damaged entry is a miss (parsed again), not an exception', async () => {
    root = tempDir('scloud-state-');
    await saved(root, 'v1', 'a', 3);
    const dir = join(root, readdirSync(root)[0]!);
    writeFileSync(join(dir, 'data.bin'), 'z'.repeat(10_000));
    const s = await BuildCache.open(root, PARTS, 'v1');
    expect([s.result('a0'), s.result('a1')]).toEqual([undefined, undefined]);
  });
});
