import { mkdir, rename, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Replace the folder `dir` with exactly `files` (relative POSIX path -> content), atomically:
 * everything is written to a sibling temp folder first, then renamed into place, so a failure never
 * leaves a half-written output folder.
 */
export async function writeTreeAtomic(dir: string, files: Map<string, string>): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(dir)}.tmp-`));
  try {
    for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const target = join(tmp, rel);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const old = `${tmp}-old`;
    let moved = false;
    try {
      await rename(dir, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await rename(tmp, dir);
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
