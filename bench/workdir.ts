/**
 * Shared by the build benchmarks (generate.ts, floor.ts): each one's work folder, and the median of its figures.
 *
 * A bench's folder from its last run is renamed aside, not removed, before the timings, and the caller removes
 * `aside` after its last timing: on ext4 without a journal (these machines), creating an inode scans past every
 * inode freed in the last minute or more (`recently_deleted` in the kernel), so builds right after an `rm -rf`
 * of thousands of files would pay for the bench's own clean-up (see bench/generate.ts).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

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
