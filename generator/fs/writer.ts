/**
 * The writer over the output folders: plans each tree against what is on disk as files arrive (staging them, for the
 * commands that write), refuses a run that would remove most of the existing actions, stages and swaps both trees in
 * one journaled commit, and records what was written so the next run can trust it by stat.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../diagnostics.js';
import { sha1 } from '../hash.js';
import { commitTrees, controlDir } from './commit.js';
import { measureOn } from '../speed/switches.js';
import { MANIFEST_FILE } from './manifest.js';
import { TreePlanner, type Expected, type FileRecord, type TreePlan } from './tree-plan.js';

export type Tree = 'spec' | 'out';

export interface Target {
  tree: Tree;
  /** Real path (symlinks resolved): the folder that is swapped. */
  dir: string;
  /** As the user named it. */
  label: string;
  /** Files of the folder that are people's (read by the generator, never written): kept like `.scloud-keep` entries. */
  keep?: readonly string[];
}

/** What the writer needs of the cache: the records of the files the last run wrote, a place for skeletons, and to keep new records. */
export interface FileRecords {
  fileRecord(tree: string, rel: string): FileRecord | undefined;
  setFiles(tree: string, records: ReadonlyMap<string, FileRecord>): void;
  path(name: string): string | undefined;
}

export interface TreeReport {
  written: number;
  unchanged: number;
  removed: number;
}

export class OutputWriter {
  readonly #targets: readonly Target[];
  readonly #planners: Map<Tree, TreePlanner>;
  readonly #records: FileRecords;

  private constructor(targets: readonly Target[], planners: Map<Tree, TreePlanner>, records: FileRecords) {
    this.#targets = targets;
    this.#planners = planners;
    this.#records = records;
  }

  /** Reads each target's folder; with `staging`, files are staged as they arrive (build, parse, generate; not check). */
  static async open(targets: readonly Target[], records: FileRecords, staging: boolean): Promise<OutputWriter> {
    const planners = new Map<Tree, TreePlanner>();
    for (const t of targets)
      planners.set(
        t.tree,
        await TreePlanner.open(
          t.dir,
          (rel) => records.fileRecord(t.tree, rel),
          t.label,
          staging,
          measureOn('skeleton') ? records.path(`skeleton-${t.tree}`) : undefined,
          t.keep,
        ),
      );
    return new OutputWriter(targets, planners, records);
  }

  /** Takes one file of a tree (a tree the run does not write ignores it). */
  add(tree: Tree, rel: string, e: Expected): void {
    this.#planners.get(tree)?.add(rel, e);
  }

  /** Whether the file at `rel` is on disk as the last run wrote it with `hash` (by its recorded stat; nothing read). */
  reusable(tree: Tree, rel: string, hash: string): boolean {
    return this.#planners.get(tree)?.reusable(rel, hash) ?? true;
  }

  /** The plans so far (to remove their stages when the run fails before its commit). */
  get staged(): TreePlan[] {
    return [...this.#planners.values()].map((p) => p.plan);
  }

  /** Finishes the plans; files given without text whose disk copy differs get their text from `refill` first. */
  async finish(refill: (tree: Tree, rels: readonly string[]) => Promise<ReadonlyMap<string, Expected>>): Promise<TreePlan[]> {
    const plans: TreePlan[] = [];
    for (const t of this.#targets) {
      const planner = this.#planners.get(t.tree)!;
      if (planner.plan.needText.length > 0) for (const [rel, e] of await refill(t.tree, [...planner.plan.needText])) planner.add(rel, e);
      if (planner.plan.needText.length > 0) throw new Error(`internal: no text for ${planner.plan.needText.slice(0, 3).join(', ')}`);
      plans.push(planner.finish());
    }
    return plans;
  }

  /** Commits the changed plans in one journaled swap; returns the counts of what each tree got. */
  async commit(plans: readonly TreePlan[], onSwap?: (index: number) => Promise<void>): Promise<TreeReport> {
    await commitTrees(controlDir(plans.map((p) => p.dir)), plans, onSwap);
    return { written: sum(plans, (p) => p.write.size), unchanged: sum(plans, (p) => p.unchanged), removed: sum(plans, (p) => p.remove.length) };
  }

  /** Stats every file the trees now hold as written by this run, for the next run's by-stat trust. */
  record(plans: readonly TreePlan[], expected: (tree: Tree) => ReadonlyMap<string, { hash: string }>): void {
    for (const [i, t] of this.#targets.entries()) {
      const plan = plans[i]!;
      const records = new Map<string, FileRecord>();
      const files = [...expected(t.tree)].filter(([rel]) => !plan.blocked.includes(rel));
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
      this.#records.setFiles(t.tree, records);
    }
  }
}

const sum = (plans: readonly TreePlan[], f: (p: TreePlan) => number): number => plans.reduce((n, p) => n + f(p), 0);

/** An action's own file: `<product>/<Action>.yaml` in a spec folder, `<product>/<Action>.ts` in a client folder. */
const isAction = (rel: string): boolean => /^(?!runtime\/)[^/]+\/(?:[^/]+\.yaml|[A-Z][A-Za-z0-9]*\.ts)$/.test(rel);

/**
 * Stops (exit 2) when the plan would remove more than half of the existing actions, naming how many and which
 * products, unless `allow` (the `--allow-mass-removal` flag).
 */
export function guardRemovals(command: string, plan: TreePlan, allow: boolean): void {
  if (allow) return;
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
