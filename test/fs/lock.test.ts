/**
 * The lock's rules that need no killed build: a lock still without its text is a run that is starting (it blocks)
 * until it has stayed empty too long (its run was killed between creating and writing it: taken over).
 */
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE } from '../../generator/fs/lock.js';
import { removeDir, tempDir } from '../emit/helpers.js';

describe('the lock', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempDir('lock');
    mkdirSync(dir, { recursive: true });
  });
  afterEach(() => removeDir(dir));

  it('is taken with its whole text and released', async () => {
    const release = await acquireLock(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} \\S+( \\d+)?\\n$`));
    await release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a lock without its text yet blocks: its run is writing it', async () => {
    writeFileSync(join(dir, LOCK_FILE), '');
    await expect(acquireLock(dir)).rejects.toThrow(/another run is writing beside .*; wait for it to finish/);
    writeFileSync(join(dir, LOCK_FILE), `${process.pid} `);
    await expect(acquireLock(dir)).rejects.toThrow(/another run \(pid \d+\) is writing/);
  });

  it('a lock left without its text for long (its run killed while writing it) is taken over', async () => {
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const release = await acquireLock(dir);
    expect(readFileSync(file, 'utf8').startsWith(`${process.pid} `)).toBe(true);
    await release();
  });
});
