/**
 * Shared by the build benchmarks (generate.ts, floor.ts): each one's work folder, its timed processes, and the
 * median of its figures.
 *
 * A bench's folder from its last run is renamed aside, not removed, before the timings, and the caller removes
 * `aside` after its last timing: on ext4 without a journal (these machines), creating an inode scans past every
 * inode freed in the last minute or more (`recently_deleted` in the kernel), so builds right after an `rm -rf`
 * of thousands of files would pay for the bench's own clean-up (see bench/generate.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const USAGE_HOOK = join(ROOT, 'bench/usage-hook.mjs');

/** `.cache/bench/<name>`, new and empty; the last run's folder is `aside` (for the caller to remove after timing). */
export function benchFolder(name: string): { base: string; aside: string } {
  const base = join(ROOT, '.cache', 'bench', name);
  const aside = `${base}.old`;
  if (existsSync(base)) {
    rmSync(aside, { recursive: true, force: true });
    renameSync(base, aside);
  }
  mkdirSync(base, { recursive: true });
  return { base, aside };
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export interface Timed {
  ms: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory (KiB) and CPU time (ms) of the whole process, worker threads included; 0 if unknown. */
  rssKb: number;
  cpuMs: number;
}

/** One whole node process (`node [node] args` in `cwd`), as a user runs it; throws when it fails. */
export function timedProcess(args: string[], cwd: string, node: string[] = []): Timed {
  const usageFile = join(cwd, '.usage');
  rmSync(usageFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, [...node, '--import', USAGE_HOOK, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, USAGE_FILE: usageFile },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { rssKb: number; cpuMs: number }) : { rssKb: 0, cpuMs: 0 };
  return { ms, stdout: r.stdout, stderr: r.stderr, ...usage };
}
