/**
 * An output folder's next state, planned against what is on disk, then staged in full beside it. The swap
 * into place is commit.ts's. Planning decides, per file: write (new or changed), link (unchanged: hard-linked
 * into the stage, so its inode and mtime survive), remove (the generator's, per the manifest, and no longer
 * produced), or carry (not the generator's: moved over unchanged at swap time, never deleted).
 */
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openStage, pruneStage } from './skeleton.js';
import { sha1 } from '../hash.js';
import { MANIFEST_FILE, manifestText, readKeepList, readManifest, type Manifest } from './manifest.js';

/** One file the run produces: its hash, and its text unless the caller knows the file on disk already has it. */
export interface Expected {
  hash: string;
  text?: string;
}

/** What the last run recorded of a file it wrote: its hash and the stat that proves it is unmodified. */
export interface FileRecord {
  hash: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface TreePlan {
  dir: string;
  /** The folder as the user named it, for messages. */
  label: string;
  /** Sibling staging and old-tree folders (fixed names; a lock keeps runs apart). */
  stage: string;
  old: string;
  /** Files to write into the stage. */
  write: Map<string, string>;
  /** Unchanged files hard-linked from `dir` into the stage. */
  link: string[];
  /** The generator's files no longer produced. */
  remove: string[];
  /** Paths (files or whole folders) not the generator's, moved into the new tree at swap time. */
  carry: string[];
  /** Not written by the generator and not in the keep list: kept, reported (check fails on them). */
  foreign: string[];
  /** Listed in the manifest but edited since and no longer produced: kept, reported. */
  modified: string[];
  /** Produced files whose path is kept by `.scloud-keep`: not written, reported. */
  blocked: string[];
  unchanged: number;
  /** The new manifest text (always part of the new tree). */
  manifest: string;
  /** True when the new tree differs from the old one at all. */
  changed: boolean;
  /** Whether the folder had a manifest before this run. */
  hadManifest: boolean;
  /** Every file on disk before the run (relative paths, walked as above). */
  disk: string[];
  /** Their stats: a linked file keeps its inode, so its stat after the commit is this one. */
  stats: Map<string, { size: number; mtimeMs: number; ino: number }>;
  /** Expected files given without text whose disk copy is not the expected one: the caller must supply text. */
  needText: string[];
  /** True when the planner wrote the stage as it went (`write` then maps paths to ''). */
  staged: boolean;
  /** Where this tree's folder skeleton is kept between runs (skeleton.ts); undefined: none is kept. */
  skeleton?: string;
  /** Folders of the reused skeleton that the new tree does not use: removed before the swap. */
  unusedDirs: string[];
}

export const stageDir = (dir: string): string => join(dirname(dir), `.${basename(dir)}.scloud-stage`);
export const oldDir = (dir: string): string => join(dirname(dir), `.${basename(dir)}.scloud-old`);

interface DiskEntry {
  rel: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * Files under `dir` (lstat; symlinks count as files, never followed), skipping dot-entries and kept folders.
 * Synchronous on purpose: one thread stat-ing thousands of files is cheaper than a thread pool round trip each.
 */
function walk(dir: string, kept: (rel: string) => boolean, carry: string[]): DiskEntry[] {
  const out: DiskEntry[] = [];
  const visit = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.name === MANIFEST_FILE && rel === '') continue;
      if (e.name.startsWith('.') || (e.isDirectory() && kept(r))) carry.push(r);
      else if (e.isDirectory()) visit(r);
      else {
        const s = lstatSync(join(dir, r));
        out.push({ rel: r, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });
      }
    }
  };
  visit('');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

const matches = (r: FileRecord | undefined, d: DiskEntry, hash: string): boolean =>
  r !== undefined && r.hash === hash && r.size === d.size && r.mtimeMs === d.mtimeMs && r.ino === d.ino;

/**
 * Plans `dir`'s next state file by file (`add`), then settles the rest of what is on disk (`finish`). With
 * `staging`, every file is put into the stage as soon as it is added (from the first one that must be written:
 * a run that writes nothing links nothing), so a build can hand its output over product by product and keep no
 * text in memory. `known(rel)` gives the record of a file as the last run wrote it (from the cache), so unchanged
 * files are recognised by their stat without reading them; without one, a file is read and hashed.
 */
export class TreePlanner {
  readonly plan: TreePlan;
  readonly #manifest: Manifest | undefined;
  readonly #kept: (rel: string) => boolean;
  readonly #disk: DiskEntry[];
  readonly #onDisk: Map<string, DiskEntry>;
  readonly #known: (rel: string) => FileRecord | undefined;
  readonly #written = new Map<string, string>();
  readonly #staging: boolean;
  #started = false;
  readonly #dirs = new Set<string>();
  /** The folders the stage started with (a reused skeleton). */
  #present = new Set<string>();

  private constructor(
    plan: TreePlan,
    manifest: Manifest | undefined,
    kept: (rel: string) => boolean,
    disk: DiskEntry[],
    known: (rel: string) => FileRecord | undefined,
    staging: boolean,
  ) {
    this.plan = plan;
    this.#manifest = manifest;
    this.#kept = kept;
    this.#disk = disk;
    this.#onDisk = new Map(disk.map((d) => [d.rel, d] as const));
    this.#known = known;
    this.#staging = staging;
  }

  static async open(
    dir: string,
    known: (rel: string) => FileRecord | undefined = () => undefined,
    label = dir,
    staging = false,
    skeleton?: string,
    keep: readonly string[] = [],
  ): Promise<TreePlanner> {
    const manifest = await readManifest(dir);
    const listed = await readKeepList(dir);
    const kept = keep.length === 0 ? listed : (rel: string): boolean => keep.includes(rel) || listed(rel);
    const carry: string[] = [];
    const disk = walk(dir, kept, carry);
    const plan: TreePlan = {
      dir,
      label,
      stage: stageDir(dir),
      old: oldDir(dir),
      write: new Map(),
      link: [],
      remove: [],
      carry,
      foreign: [],
      modified: [],
      blocked: [],
      unchanged: 0,
      manifest: '',
      changed: false,
      hadManifest: manifest !== undefined,
      disk: disk.map((d) => d.rel),
      stats: new Map(disk.map((d) => [d.rel, d] as const)),
      needText: [],
      staged: false,
      unusedDirs: [],
      ...(skeleton !== undefined ? { skeleton } : {}),
    };
    return new TreePlanner(plan, manifest, kept, disk, known, staging);
  }

  #hashOf(d: DiskEntry, likely: string | undefined): string {
    if (likely !== undefined && matches(this.#known(d.rel), d, likely)) return likely;
    return sha1(readFileSync(join(this.plan.dir, d.rel)));
  }

  /** Whether the file on disk at `rel` is, by the stat the last run recorded (nothing is read), the one with `hash`. */
  reusable(rel: string, hash: string): boolean {
    const d = this.#onDisk.get(rel);
    return d !== undefined && !this.#kept(rel) && matches(this.#known(rel), d, hash);
  }

  /** Decides one produced file: unchanged on disk (linked), to write, or (no text, disk differs) needing text. */
  add(rel: string, e: Expected): void {
    const plan = this.plan;
    if (this.#kept(rel)) {
      if (!plan.blocked.includes(rel)) plan.blocked.push(rel);
      return;
    }
    if (this.#written.has(rel)) this.#undo(rel);
    this.#written.set(rel, e.hash);
    const d = this.#onDisk.get(rel);
    if (d !== undefined && this.#hashOf(d, e.hash) === e.hash) {
      plan.link.push(rel);
      plan.unchanged++;
      if (this.#started) this.#link(rel);
      return;
    }
    if (e.text === undefined) {
      plan.needText.push(rel);
      return;
    }
    if (!this.#staging) {
      plan.write.set(rel, e.text);
      return;
    }
    this.#start();
    this.#mkdir(rel);
    this.#clearFolder(rel);
    writeFileSync(join(plan.stage, rel), e.text);
    plan.write.set(rel, '');
  }

  /**
   * Forgets the decision made for `rel` (it is given again: a fill, or a product emitted twice). Its stage entry
   * goes too: it may be a hard link to the live file, which a write in place would change.
   */
  #undo(rel: string): void {
    const plan = this.plan;
    if (plan.link.includes(rel)) {
      plan.link = plan.link.filter((r) => r !== rel);
      plan.unchanged--;
    }
    plan.needText = plan.needText.filter((r) => r !== rel);
    plan.write.delete(rel);
    if (this.#started) rmSync(join(plan.stage, rel), { force: true });
  }

  /**
   * The first write starts the stage (the last run's folder skeleton, or a fresh folder), with every file decided
   * unchanged so far linked into it.
   */
  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.plan.staged = true;
    this.#present = openStage(this.plan.stage, this.plan.skeleton);
    for (const rel of this.plan.link) this.#link(rel);
  }

  #mkdir(rel: string): void {
    const d = dirname(rel);
    if (d === '.' || this.#dirs.has(d)) return;
    if (!this.#present.has(d)) mkdirSync(join(this.plan.stage, d), { recursive: true });
    for (let x = d; x !== '.'; x = dirname(x)) this.#dirs.add(x);
  }

  #link(rel: string): void {
    this.#mkdir(rel);
    this.#clearFolder(rel);
    linkInto(this.plan, rel);
  }

  /** A skeleton folder where this tree now has a file (a folder that became a file) goes, with what is below it. */
  #clearFolder(rel: string): void {
    if (!this.#present.has(rel)) return;
    rmSync(join(this.plan.stage, rel), { recursive: true, force: true });
    for (const d of this.#present) if (d === rel || d.startsWith(`${rel}/`)) this.#present.delete(d);
  }

  /** Settles every file on disk that was not produced, the new manifest and whether anything changes. */
  finish(): TreePlan {
    const plan = this.plan;
    for (const d of this.#disk) {
      if (this.#written.has(d.rel)) continue;
      const listed = this.#manifest?.get(d.rel);
      if (this.#kept(d.rel)) plan.carry.push(d.rel);
      else if (listed !== undefined && this.#hashOf(d, listed) === listed) plan.remove.push(d.rel);
      else {
        plan.carry.push(d.rel);
        (listed !== undefined ? plan.modified : plan.foreign).push(d.rel);
      }
    }
    plan.unusedDirs = [...this.#present].filter((d) => !this.#dirs.has(d));
    plan.manifest = manifestText(this.#written);
    const oldManifest = this.#manifest === undefined ? undefined : manifestText(this.#manifest);
    plan.changed = plan.write.size > 0 || plan.remove.length > 0 || oldManifest !== plan.manifest;
    for (const list of [plan.carry, plan.foreign, plan.modified, plan.link, plan.remove]) list.sort();
    return plan;
  }
}

function linkInto(plan: TreePlan, rel: string): void {
  try {
    linkSync(join(plan.dir, rel), join(plan.stage, rel));
  } catch {
    copyFileSync(join(plan.dir, rel), join(plan.stage, rel)); // no hard links here (EPERM, EXDEV, EMLINK)
  }
}

/** Plans `dir`'s next state for a set of files known up front (nothing is staged until stageTree). */
export async function planTree(
  dir: string,
  expected: ReadonlyMap<string, Expected>,
  known: (rel: string) => FileRecord | undefined = () => undefined,
  label = dir,
): Promise<TreePlan> {
  const planner = await TreePlanner.open(dir, known, label);
  for (const [rel, e] of expected) planner.add(rel, e);
  return planner.finish();
}

/**
 * Writes the complete new tree into `plan.stage` (replacing any leftover stage): writes, links, the manifest. A
 * plan staged while planning only gets the folders of carried paths and its manifest.
 */
export async function stageTree(plan: TreePlan): Promise<void> {
  if (plan.staged) {
    pruneStage(plan.stage, plan.unusedDirs);
    for (const rel of plan.carry) mkdirSync(join(plan.stage, dirname(rel)), { recursive: true });
    writeFileSync(join(plan.stage, MANIFEST_FILE), plan.manifest);
    return;
  }
  await rm(plan.stage, { recursive: true, force: true });
  const dirs = new Set<string>(['']);
  for (const rel of [...plan.write.keys(), ...plan.link, ...plan.carry]) for (let d = dirname(rel); d !== '.'; d = dirname(d)) dirs.add(d);
  for (const d of [...dirs].sort()) mkdirSync(join(plan.stage, d), { recursive: true });
  // Synchronous writes: about half the CPU of thread-pool writes for thousands of small files.
  for (const [rel, text] of plan.write) writeFileSync(join(plan.stage, rel), text);
  for (const rel of plan.link) linkInto(plan, rel);
  writeFileSync(join(plan.stage, MANIFEST_FILE), plan.manifest);
}
