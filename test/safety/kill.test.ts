/**
 * Real builds killed with SIGKILL at random moments: afterwards each folder is wholly the old or the new tree;
 * they differ from each other only while the journal records the commit, and the next run completes it and
 * leaves no staging folder behind. Seeded, so a failure replays (the seed is printed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFullCorpus } from '../../bench/full-corpus.js';
import { JOURNAL_FILE } from '../../generator/fs/commit.js';
import { LOCK_FILE, processInfo } from '../../generator/fs/lock.js';
import { readTree, removeDir, ROOT, tempDir } from '../emit/helpers.js';

const CLI = join(ROOT, 'bin/scloud-gen.js');
const KILLS = 10;

/** Mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cli(args: string[], cwd: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** Starts a build and kills it after `ms`; resolves when it is gone (it may also have finished). */
function buildKilledAfter(args: string[], cwd: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('kill -9 during builds, and the lock of a killed build', () => {
  let dir = '';
  const docs: Record<'A' | 'B', string> = { A: '', B: '' };
  const trees: Record<'A' | 'B', { spec: Map<string, string>; gen: Map<string, string> }> = {} as never;
  beforeAll(() => {
    dir = tempDir('kill');
    docs.A = join(dir, 'docs-a');
    makeFullCorpus(join(ROOT, 'test/golden/zh/docs'), docs.A);
    docs.B = join(dir, 'docs-b');
    cpSync(docs.A, docs.B, { recursive: true });
    // Every page changes in B, so every spec and client file differs between the two trees.
    for (const folder of readdirSync(docs.B)) {
      for (const page of readdirSync(join(docs.B, folder))) {
        const file = join(docs.B, folder, page);
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^(#{1,2} )(.*)( - [A-Za-z0-9]+)\s*$/m, '$1$2 v2$3'));
      }
    }
    for (const v of ['A', 'B'] as const) {
      const out = join(dir, `ref-${v}`);
      expect(cli(['build', '--docs', docs[v], '--spec', join(out, 'spec'), '--out', join(out, 'gen'), '--no-cache'], dir).status).toBe(0);
      trees[v] = { spec: readTree(join(out, 'spec')), gen: readTree(join(out, 'gen')) };
    }
    expect(trees.A.spec).not.toEqual(trees.B.spec);
  }, 120_000);
  afterAll(() => removeDir(dir));

  // The kills run in turn, each from the state the last one left; seeded, so a failing one replays.
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100_000);
  const random = prng(seed);
  const seen = new Set<string>();
  let duration = 0;
  let current: 'A' | 'B' = 'B';
  const spec = (): string => join(dir, 'spec');
  const gen = (): string => join(dir, 'gen');
  const args = (v: 'A' | 'B', cache: boolean): string[] => ['build', '--docs', docs[v], '--spec', spec(), '--out', gen(), ...(cache ? [] : ['--no-cache'])];
  const which = (t: Map<string, string>, side: 'spec' | 'gen'): 'A' | 'B' | 'mixed' => (eq(t, trees.A[side]) ? 'A' : eq(t, trees.B[side]) ? 'B' : 'mixed');

  beforeAll(() => {
    console.log(`kill test seed ${seed} (replay with KILL_SEED=${seed})`);
    expect(cli(args('A', false), dir).status).toBe(0);
    const t0 = performance.now();
    expect(cli(args('B', false), dir).status).toBe(0);
    duration = performance.now() - t0;
  }, 120_000);
  afterAll(() => console.log(`kill test states seen (spec, client, J = journal present): ${[...seen].sort().join(' ')}`));

  for (let i = 0; i < KILLS; i++) {
    it(`kill ${i + 1} of ${KILLS} at a random moment leaves each folder whole`, { timeout: 60_000 }, async () => {
      const next: 'A' | 'B' = current === 'A' ? 'B' : 'A';
      const cache = random() < 0.5;
      const at = Math.floor(random() * duration * 1.1);
      await buildKilledAfter(args(next, cache), dir, at);
      const s = which(readTree(spec()), 'spec');
      const g = which(readTree(gen()), 'gen');
      const journal = existsSync(join(dir, JOURNAL_FILE));
      seen.add(`${s}${g}${journal ? 'J' : ''}`);
      expect(s, `kill at ${at} ms: spec`).not.toBe('mixed');
      expect(g, `kill at ${at} ms: gen`).not.toBe('mixed');
      if (!journal) expect(s, `kill at ${at} ms: no journal, so spec and client agree`).toBe(g);
      // The next run (here: check against the docs the killed run was building) completes or discards it.
      cli(['check', '--docs', docs[next], '--spec', spec(), '--out', gen(), '--no-cache'], dir);
      const s2 = which(readTree(spec()), 'spec');
      expect(s2).toBe(which(readTree(gen()), 'gen'));
      if (journal) expect(s2).toBe(next);
      expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
      expect(readdirSync(dir).filter((n) => /scloud-(stage|old)|scloud-gen\.lock/.test(n))).toEqual([]);
      current = s2 as 'A' | 'B';
    });
  }

  it('a build killed by SIGKILL and left a zombie (its parent never reaps it) does not block the next run', { timeout: 60_000 }, async () => {
    // The parent shell becomes `sleep`, which never waits for its child: the killed build stays a zombie.
    const holder = spawn(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${CLI}" ${args(current === 'A' ? 'B' : 'A', false)
          .map((a) => `"${a}"`)
          .join(' ')} & exec sleep 60`,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    try {
      const lock = join(dir, LOCK_FILE);
      const deadline = Date.now() + 30_000;
      // The lock's whole first line: a lock read while its run is still writing it is empty, and kill(0) would
      // kill this test's own process group.
      const holderPid = (): number => (existsSync(lock) ? Number(/^(\d+) .*\n/.exec(readFileSync(lock, 'utf8'))?.[1] ?? 0) : 0);
      while (holderPid() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const pid = holderPid();
      expect(pid, 'the build took the lock').toBeGreaterThan(1);
      process.kill(pid, 'SIGKILL');
      while (processInfo(pid)?.state !== 'Z' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(processInfo(pid)?.state, 'the killed build is a zombie').toBe('Z');
      expect(existsSync(lock), 'its lock is still there').toBe(true);
      const r = cli(args(current, false), dir);
      expect(r.stderr).not.toContain('another run');
      expect(r.status).toBe(0);
      expect(which(readTree(spec()), 'spec')).toBe(current);
      expect(which(readTree(gen()), 'gen')).toBe(current);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a lock whose pid now belongs to another process (a reused pid) does not block; a live holder does', { timeout: 60_000 }, async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      while (processInfo(pid) === undefined) await new Promise((r) => setTimeout(r, 5));
      const start = processInfo(pid)!.start;
      // Recorded with another start time: the pid was reused since the holder died.
      writeFileSync(join(dir, LOCK_FILE), `${pid} ${hostname()} ${Number(start) + 1}\n`);
      expect(cli(args(current, true), dir).status).toBe(0);
      // Recorded with its own start time: a live holder, so the run stops.
      writeFileSync(join(dir, LOCK_FILE), `${pid} ${hostname()} ${start}\n`);
      const blocked = cli(args(current, true), dir);
      expect(blocked.status).toBe(2);
      expect(blocked.stderr).toContain(`another run (pid ${pid}) is writing`);
    } finally {
      sleeper.kill('SIGKILL');
      rmSync(join(dir, LOCK_FILE), { force: true });
    }
  });
});

function eq(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
