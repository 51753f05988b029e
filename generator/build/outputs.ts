/**
 * From a computed build to the folders on disk: plan each tree against what is there, refuse a run that would
 * remove most of the existing actions, stage and swap both trees in one journaled commit, and record what was
 * written so the next run can trust it by stat.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../diagnostics.js';
import { commitTrees, controlDir } from '../fs/commit.js';
import { MANIFEST_FILE, sha1 } from '../fs/manifest.js';
import { planTree, TreePlanner, type FileRecord, type TreePlan } from '../fs/tree.js';
import type { BuildOutput, FileSink } from './run.js';
import type { BuildState } from './state.js';

export interface Target {
  tree: 'spec' | 'out';
  /** Real path (symlinks resolved): the folder that is swapped. */
  dir: string;
  /** As the user named it. */
  label: string;
}

export interface TreeReport {
  dir: string;
  written: number;
  unchanged: number;
  removed: string[];
  foreign: string[];
  modified: string[];
  blocked: string[];
  plan: TreePlan;
}

/**
 * Opens a planner per target (with `staging`, files are staged as they arrive); `sink` routes each file of the
 * build to its target's planner.
 */
export async function openPlanners(targets: readonly Target[], state: BuildState, staging: boolean): Promise<{ planners: Map<Target['tree'], TreePlanner>; sink: FileSink }> {
  const planners = new Map<Target['tree'], TreePlanner>();
  for (const t of targets) planners.set(t.tree, await TreePlanner.open(t.dir, (rel) => state.fileRecord(t.tree, rel), t.label, staging, state.path(`skeleton-${t.tree}`)));
  return { planners, sink: (tree, rel, e) => planners.get(tree)?.add(rel, e) };
}

/** Finishes the planners: files whose recorded hash was not on disk get their text from `build.fill` first. */
export async function finishPlanners(targets: readonly Target[], planners: ReadonlyMap<Target['tree'], TreePlanner>, build: BuildOutput): Promise<TreePlan[]> {
  const plans: TreePlan[] = [];
  for (const t of targets) {
    const planner = planners.get(t.tree)!;
    if (planner.plan.needText.length > 0) await build.fill([...planner.plan.needText], t.tree);
    if (planner.plan.needText.length > 0) throw new Error(`internal: no text for ${planner.plan.needText.slice(0, 3).join(', ')}`);
    plans.push(planner.finish());
  }
  return plans;
}

/** Plans every target from the build's maps (library use; the session streams through openPlanners instead). */
export async function planTargets(targets: readonly Target[], build: BuildOutput, state: BuildState): Promise<TreePlan[]> {
  const plans: TreePlan[] = [];
  for (const t of targets) {
    const expected = t.tree === 'spec' ? build.spec : build.out;
    let plan = await planTree(t.dir, expected, (rel) => state.fileRecord(t.tree, rel), t.label);
    if (plan.needText.length > 0) {
      await build.fill(plan.needText, t.tree);
      plan = await planTree(t.dir, expected, (rel) => state.fileRecord(t.tree, rel), t.label);
      if (plan.needText.length > 0) throw new Error(`internal: no text for ${plan.needText.slice(0, 3).join(', ')}`);
    }
    plans.push(plan);
  }
  return plans;
}

/** An action's own file: `<product>/<Action>.yaml` in a spec folder, `<product>/<Action>.ts` in a client folder. */
const isAction = (rel: string): boolean => /^(?!runtime\/)[^/]+\/(?:[^/]+\.yaml|[A-Z][A-Za-z0-9]*\.ts)$/.test(rel);

/**
 * Stops (exit 2) when the spec plan would remove more than half of the existing actions, naming how many and
 * which products, unless `allow` (the `--allow-mass-removal` flag).
 */
export function guardRemovals(command: string, plan: TreePlan | undefined, allow: boolean): void {
  if (plan === undefined || allow) return;
  const removed = plan.remove.filter(isAction);
  const existing = plan.disk.filter(isAction).length;
  if (existing === 0 || removed.length * 2 <= existing) return;
  const products = [...new Set(removed.map((r) => r.split('/')[0]!))].sort();
  const list = products.length > 8 ? `${products.slice(0, 8).join(', ')} and ${products.length - 8} more` : products.join(', ');
  throw new UsageError(
    `scloud-gen ${command}: this run would remove ${removed.length} of the ${existing} actions in ${plan.label} (products ${list}); nothing was written.\n` +
      `If the docs folder is right and those actions are really gone, run again with --allow-mass-removal; otherwise check --docs.`,
  );
}

/** Commits the changed plans in one journaled swap; returns what each tree got. */
export async function commitTargets(plans: readonly TreePlan[], onSwap?: (index: number) => Promise<void>): Promise<TreeReport[]> {
  const control = controlDir(plans.map((p) => p.dir));
  await commitTrees(control, plans, onSwap);
  return plans.map((p) => ({
    dir: p.dir, written: p.write.size, unchanged: p.unchanged, removed: p.remove, foreign: p.foreign, modified: p.modified, blocked: p.blocked, plan: p,
  }));
}

/** Stats every file the trees now hold as written by this run, for the next run's by-stat trust. */
export async function recordTrees(targets: readonly Target[], plans: readonly TreePlan[], expected: (t: Target) => ReadonlyMap<string, { hash: string }>, state: BuildState): Promise<void> {
  for (const [i, t] of targets.entries()) {
    const plan = plans[i]!;
    const records = new Map<string, FileRecord>();
    const files = [...expected(t)].filter(([rel]) => !plan.blocked.includes(rel));
    files.push([MANIFEST_FILE, { hash: sha1(plan.manifest) }]);
    for (const [rel, e] of files) {
      // Linked (unchanged) files are the same inodes as before the commit: their stat is the plan's.
      const known = plan.write.has(rel) || rel === MANIFEST_FILE ? undefined : plan.stats.get(rel);
      if (known !== undefined) {
        records.set(rel, { hash: e.hash, size: known.size, mtimeMs: known.mtimeMs, ino: known.ino });
        continue;
      }
      try {
        const s = lstatSync(join(t.dir, rel));
        records.set(rel, { hash: e.hash, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });
      } catch {
        /* not there (a kept path): no record */
      }
    }
    state.setFiles(t.tree, records);
  }
}
