/**
 * The folder skeleton of the last commit's old tree (speed measure `skeleton`), kept between runs so the next stage
 * need not create its folders again. After a swap the old tree's files are unlinked (it holds only the generator's own
 * files: what was not ours was carried into the new tree) and its empty folders are moved into the run's cache folder;
 * the next stage starts from them. Why: on ext4 without a journal, every mkdir scans past each inode freed in the last
 * minutes, so a run that removed the old tree's folders made the next run's mkdirs slower and slower. Figures and the
 * condition for deleting it: ARCHITECTURE.md.
 *
 * A skeleton holds empty folders only: one with anything else in it is not used, and removed.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Relative paths of every folder under `root` (not root itself); undefined when something else is in there. */
function foldersOnly(root: string): Set<string> | undefined {
  const dirs = new Set<string>();
  const visit = (rel: string): boolean => {
    for (const e of readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (!e.isDirectory()) return false;
      dirs.add(r);
      if (!visit(r)) return false;
    }
    return true;
  };
  try {
    return visit('') ? dirs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes `stage` a fresh, empty-of-files folder: the skeleton at `skeleton` moved there when there is a usable
 * one (its folders are returned), else a new folder (an empty set). A leftover stage is removed first.
 */
export function openStage(stage: string, skeleton: string | undefined): Set<string> {
  rmSync(stage, { recursive: true, force: true });
  if (skeleton !== undefined) {
    try {
      renameSync(skeleton, stage);
      const dirs = foldersOnly(stage);
      if (dirs !== undefined) return dirs;
      rmSync(stage, { recursive: true, force: true });
    } catch {
      rmSync(skeleton, { recursive: true, force: true }); // none, or on another file system (EXDEV)
    }
  }
  mkdirSync(stage, { recursive: true });
  return new Set();
}

/** Removes the skeleton folders the new tree does not use (deepest first; they hold no files). */
export function pruneStage(stage: string, unused: readonly string[]): void {
  for (const d of [...unused].sort((a, b) => b.split('/').length - a.split('/').length)) rmSync(join(stage, d), { recursive: true, force: true });
}

/**
 * After a swap: unlinks every file of the old tree at `old` and keeps its folders as the skeleton at
 * `skeleton`; the old tree is removed outright when that fails (or `skeleton` is undefined).
 */
export function recycleOldTree(old: string, skeleton: string | undefined): void {
  if (skeleton !== undefined) {
    try {
      const visit = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) visit(p);
          else unlinkSync(p);
        }
      };
      visit(old);
      rmSync(skeleton, { recursive: true, force: true });
      mkdirSync(dirname(skeleton), { recursive: true });
      renameSync(old, skeleton);
      return;
    } catch {
      /* another file system, or the cache folder is unwritable: remove the old tree instead */
    }
  }
  rmSync(old, { recursive: true, force: true });
}
