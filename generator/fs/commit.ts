/**
 * Whole-tree commits. Each output folder's new tree is staged in full beside it (tree.ts), then swapped in with
 * two directory renames (folder -> `.<name>.scloud-old`, stage -> folder), so a reader or a `kill -9` sees the
 * old tree or the new one, never a mix. When a run writes two folders (spec and client), the instant between
 * their swaps is covered by a journal written before the first swap: the next run of any command that touches
 * either folder completes the swaps (roll forward), then removes the old trees. Stages without a journal are
 * leftovers of a run that was stopped before committing; they are removed.
 *
 * A lock (lock.ts) keeps two runs from staging into the same folders at once.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { recycleOldTree } from './skeleton.js';
import { stageTree, type TreePlan } from './tree-plan.js';

export const JOURNAL_FILE = '.scloud-gen.journal';

interface Swap {
  /** Absolute paths. */
  target: string;
  stage: string;
  old: string;
  /** Paths relative to target moved into the stage at swap time (files and folders that are not ours). */
  carry: string[];
}

interface Journal {
  version: 1;
  swaps: Swap[];
}

/** Where a run over `targets` keeps its journal and lock: their common parent folder. */
export function controlDir(targets: readonly string[]): string {
  const parts = targets.map((t) => dirname(t).split(/[\\/]/));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => p[i] !== undefined && p[i] === parts[0]![i]); i++) common.push(parts[0]![i]!);
  return common.length === 0 ? '/' : common.join('/') || '/';
}

/**
 * Completes an interrupted commit recorded in `dir`'s journal (roll forward), then removes leftover stages and
 * old trees of `targets`. Returns a line for the user when something was recovered or cleaned.
 */
export async function recover(dir: string, targets: readonly string[]): Promise<string[]> {
  const notes: string[] = [];
  const file = join(dir, JOURNAL_FILE);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(await readFile(file, 'utf8')) as Journal;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      notes.push(`scloud-gen: ignored an unreadable journal ${file} (${(e as Error).message.split('\n')[0]})`);
  }
  if (journal !== undefined && Array.isArray(journal.swaps)) {
    for (const s of journal.swaps) await applySwap(s);
    await rm(file, { force: true });
    for (const s of journal.swaps) await rm(s.old, { recursive: true, force: true });
    notes.push(`scloud-gen: completed an interrupted run: ${journal.swaps.map((s) => s.target).join(' and ')} now hold its output`);
  } else if (journal !== undefined) await rm(file, { force: true });
  for (const t of targets) {
    for (const leftover of [join(dirname(t), `.${base(t)}.scloud-stage`), join(dirname(t), `.${base(t)}.scloud-old`)]) {
      if (!existsSync(leftover)) continue;
      await rm(leftover, { recursive: true, force: true });
      notes.push(`scloud-gen: removed ${leftover}, left by an interrupted run (${t} was not changed by it)`);
    }
  }
  return notes;
}

const base = (p: string): string =>
  p
    .split(/[\\/]/)
    .filter((x) => x !== '')
    .pop() ?? p;

/** Idempotent: carried paths into the stage, folder -> old, stage -> folder; each step skipped once done. */
async function applySwap(s: Swap): Promise<void> {
  if (!existsSync(s.stage)) return; // already swapped
  for (const rel of s.carry) {
    const from = join(s.target, rel);
    if (!existsSync(from)) continue;
    await mkdir(dirname(join(s.stage, rel)), { recursive: true });
    await rename(from, join(s.stage, rel));
  }
  if (existsSync(s.target)) {
    await rm(s.old, { recursive: true, force: true });
    await rename(s.target, s.old);
  }
  await rename(s.stage, s.target);
}

/**
 * Stages every changed plan, records the swaps in `dir`'s journal, swaps, then drops the journal and the old
 * trees (their folders are kept as the next stage's skeleton when the plan names one). Plans with no change
 * are left alone. `onSwap` is a test hook called between swaps.
 */
export async function commitTrees(dir: string, plans: readonly TreePlan[], onSwap?: (index: number) => Promise<void>): Promise<void> {
  const changed = plans.filter((p) => p.changed);
  if (changed.length === 0) return;
  for (const p of changed) {
    await rm(p.old, { recursive: true, force: true });
    await stageTree(p);
  }
  const swaps: Swap[] = changed.map((p) => ({ target: p.dir, stage: p.stage, old: p.old, carry: p.carry }));
  const file = join(dir, JOURNAL_FILE);
  const tmp = `${file}.tmp`;
  const h = await open(tmp, 'w');
  await h.writeFile(JSON.stringify({ version: 1, swaps } satisfies Journal));
  await h.sync();
  await h.close();
  await rename(tmp, file);
  for (const [i, s] of swaps.entries()) {
    await applySwap(s);
    await onSwap?.(i);
  }
  await rm(file, { force: true });
  for (const [i, s] of swaps.entries()) recycleOldTree(s.old, changed[i]!.skeleton);
}
