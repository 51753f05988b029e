/**
 * The steps the folder commands (build, check, parse, generate) are made of: check the folders, take the lock and
 * complete an interrupted run, open the cache and scan the inputs (`withRun`); compute the build into the writer
 * (`computeRun`); then commit (`commitRun`) or compare (`compareRun`); and report (`printReport`, summary.ts).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { computeBuild, refill, type BuildInput, type BuildOutput } from '../engine/compute-build.js';
import { BuildCache } from '../engine/cache.js';
import { openExecutor } from '../engine/executors/executor.js';
import { changedInputs, scanInputs } from '../engine/inputs.js';
import { lap, printTimings } from '../engine/timing.js';
import { controlDir, recover } from '../fs/commit.js';
import { checkPaths, real } from '../fs/folders.js';
import { acquireLock } from '../fs/lock.js';
import { MANIFEST_FILE } from '../fs/manifest.js';
import type { TreePlan } from '../fs/tree-plan.js';
import { guardRemovals, OutputWriter, type Target, type TreeReport } from '../fs/writer.js';
import { reportDiagnostics, type ReportOptions } from '../report/diagnostics-report.js';
import { ALIASES_FILE } from '../spec/aliases.js';
import { formatReport } from '../report/format-report.js';
import { generatorVersion } from '../generator-version.js';

/** Cache folder of every command (git-ignored `.cache/`, relative to the working folder). */
export const CACHE_ROOT = join('.cache', 'scloud-gen');
/** Its sub-folder of V8 code cache entries (speed/code-cache.ts), shared by every run. */
export const CODE_CACHE = 'v8-code';

export interface RunOptions {
  command: 'build' | 'parse' | 'check' | 'generate';
  /** Docs folder (not read by generate, nor by check with `source: 'spec'`). */
  docs: string;
  /** `spec`: the client is made from the spec folder's YAML (generate; check without docs). */
  source?: 'docs' | 'spec';
  spec: string;
  /** Client folder; none for parse. */
  out?: string;
  overrides?: string;
  runtime: string;
  docsBaseUrl: string;
  cache: boolean;
  allowMassRemoval: boolean;
  threads?: number;
  /** Print nothing (the caller reports; parse). */
  quiet?: boolean;
  /** The reporting flags (--quiet, --max-warnings, --rule, --baseline...); default: show everything but infos. */
  report?: ReportOptions;
  /** Test hook: called between the two folder swaps of a commit. */
  onSwap?: (index: number) => Promise<void>;
}

export interface RunResult {
  exitCode: number;
  build: BuildOutput;
  plans: TreePlan[];
  notes: string[];
}

/** An open run: its folders locked, its cache open, its inputs scanned, its writer reading the output folders. */
export interface Run {
  o: RunOptions;
  started: number;
  /** Lines about an interrupted run completed or cleaned. */
  notes: string[];
  cache: BuildCache;
  writer: OutputWriter;
  input: BuildInput;
  executor: ReturnType<typeof openExecutor>;
}

const fromSpec = (o: RunOptions): boolean => o.command === 'generate' || o.source === 'spec';

/** The folders a run writes or compares. */
function targetsOf(o: RunOptions): Target[] {
  // The alias file is people's and `changelog --write`'s: the build reads it and carries it over, never writes it.
  const targets: Target[] = fromSpec(o) ? [] : [{ tree: 'spec', dir: real(o.spec), label: o.spec, keep: [ALIASES_FILE] }];
  if (o.out !== undefined) targets.push({ tree: 'out', dir: real(o.out), label: o.out });
  return targets;
}

/** Every place a journal of a run over these folders may be (the common parent, and each folder's parent). */
async function recoverTargets(dirs: readonly string[]): Promise<string[]> {
  const notes: string[] = [];
  const places = [...new Set([controlDir(dirs), ...dirs.map((d) => resolve(d, '..'))])];
  for (const p of places) notes.push(...(await recover(p, dirs)));
  return [...new Set(notes)];
}

/** Opens a run (folder checks first: nothing is written for a usage error), gives it to `body`, and closes it. */
export async function withRun<T>(o: RunOptions, body: (run: Run) => Promise<T>): Promise<T> {
  const started = performance.now();
  const writes = o.command === 'check' ? [] : fromSpec(o) ? (['out'] as const) : o.out === undefined ? (['spec'] as const) : (['spec', 'out'] as const);
  checkPaths(o.command, { docs: fromSpec(o) ? undefined : o.docs, spec: o.spec, out: o.out, overrides: o.overrides, runtime: o.runtime }, writes);
  const targets = targetsOf(o);
  const dirs = targets.map((t) => t.dir);
  const release = await acquireLock(controlDir(dirs));
  const codeCache = o.cache ? join(CACHE_ROOT, CODE_CACHE) : undefined;
  const executor = openExecutor({ ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(codeCache !== undefined ? { codeCache } : {}) });
  try {
    lap('start');
    const notes = await recoverTargets(dirs);
    const kind = fromSpec(o) ? 'generate' : o.command === 'parse' ? 'parse' : 'build';
    const cache = await BuildCache.open(
      o.cache ? CACHE_ROOT : undefined,
      [kind, fromSpec(o) ? real(o.spec) : real(o.docs), ...dirs, o.overrides === undefined ? '' : real(o.overrides), o.docsBaseUrl],
      generatorVersion(),
    );
    lap('recover+state');
    const source = fromSpec(o) ? 'spec' : 'docs';
    const inputs = await scanInputs({
      source,
      docsDir: o.docs,
      specDir: o.spec,
      runtimeDir: o.runtime,
      known: cache.index,
      ...(o.overrides !== undefined ? { overridesDir: o.overrides } : {}),
    });
    lap('scan');
    executor.expect(changedInputs(inputs, cache.index), o.out !== undefined);
    // Files are planned (and, for commands that write, staged) as the build makes them: no text is kept.
    const writer = await OutputWriter.open(targets, cache, o.command !== 'check');
    lap('outputs');
    const input: BuildInput = {
      source,
      docsDir: o.docs,
      specDir: o.spec,
      emit: o.out !== undefined,
      parse: { docsBaseUrl: o.docsBaseUrl },
      runtimeDir: o.runtime,
      version: generatorVersion(),
      cache,
      inputs,
      ...(o.overrides !== undefined ? { overridesDir: o.overrides } : {}),
      ...(codeCache !== undefined ? { codeCache } : {}),
      ...clientVersion(o.out),
      reusable: (tree, rel, hash) => writer.reusable(tree, rel, hash),
      sink: (tree, rel, e) => writer.add(tree, rel, e),
    };
    return await body({ o, started, notes, cache, writer, input, executor });
  } finally {
    await executor.close();
    await release();
    printTimings();
  }
}

/** Computes the build into the writer and finishes its plans; a failure (a bug: exit 3) leaves no stage behind. */
export async function computeRun(run: Run): Promise<{ build: BuildOutput; plans: TreePlan[] }> {
  return beforeCommit(run, async () => {
    const build = await computeBuild(run.input, run.executor);
    await run.executor.close();
    lap('compute');
    const plans = await run.writer.finish((tree, rels) => refill(run.input, build, run.executor, tree, rels));
    lap('plan');
    return { build, plans };
  });
}

/** Writes the plans (unless one would remove most of the actions), records them and saves the cache. */
export async function commitRun(run: Run, build: BuildOutput, plans: TreePlan[]): Promise<TreeReport> {
  await beforeCommit(run, async () => {
    for (const p of plans) guardRemovals(run.o.command, p, run.o.allowMassRemoval);
  });
  const report = await run.writer.commit(plans, run.o.onSwap);
  lap('commit');
  run.writer.record(plans, (tree) => (tree === 'spec' ? build.spec : build.out));
  run.cache.remember(build.memo);
  await run.cache.save(build.liveKeys);
  lap('record+save');
  return report;
}

/** What check reports (every stale, missing, extra or stray file); the cache records the trees only when they match. */
export async function compareRun(run: Run, build: BuildOutput, plans: TreePlan[]): Promise<string[]> {
  const problems = plans.flatMap(checkProblems);
  run.cache.remember(build.memo);
  if (problems.length === 0) run.writer.record(plans, (tree) => (tree === 'spec' ? build.spec : build.out));
  await run.cache.save(build.liveKeys);
  return problems;
}

/** Removes the stages of a run that writes nothing after all (refused, or invalid input). */
export function discardStages(plans: readonly TreePlan[]): void {
  for (const p of plans) if (p.staged) rmSync(p.stage, { recursive: true, force: true });
}

/** Runs `step`; if it throws, the stages planned so far are removed first (nothing was committed yet). */
async function beforeCommit<T>(run: Run, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    discardStages(run.writer.staged);
    throw e;
  }
}

/** `{ clientVersion }` from `<out>/package.json` when it has a version. */
function clientVersion(out: string | undefined): { clientVersion?: string } {
  if (out === undefined) return {};
  try {
    const v = (JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' && v !== '' ? { clientVersion: v } : {};
  } catch {
    return {};
  }
}

/** Prints the diagnostics as the reporting flags say (repeated codes folded); returns the report's verdict. */
export async function printReport(o: RunOptions, build: BuildOutput): Promise<{ exitCode: number }> {
  const options: ReportOptions = o.report ?? { quiet: false };
  const report = await reportDiagnostics(build.diagnostics, options, { command: o.command, roots: [fromSpec(o) ? o.spec : o.docs] });
  const lines = formatReport(report, options);
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  return { exitCode: report.exitCode };
}

/** What check reports for one tree: files to write (stale or missing), to remove, strays, edited leftovers. */
export function checkProblems(plan: TreePlan): string[] {
  const onDisk = new Set(plan.disk);
  const out = [
    ...[...plan.write.keys()].map((f) =>
      onDisk.has(f) ? `stale: ${plan.label}/${f} (differs from what the generator produces)` : `missing: ${plan.label}/${f}`,
    ),
    ...plan.remove.map((f) => `extra: ${plan.label}/${f} (generated earlier, no longer produced)`),
    ...plan.foreign.map((f) => `stray: ${plan.label}/${f} (not written by the generator; move it out or list it in .scloud-keep)`),
    ...plan.modified.map((f) => `edited: ${plan.label}/${f} (generated earlier, edited since, no longer produced)`),
  ];
  if (out.length === 0 && plan.changed) out.push(`stale: ${plan.label}/${MANIFEST_FILE} (does not list what the generator produces)`);
  return out.sort((a, b) => (a.replace(/^\w+: /, '') < b.replace(/^\w+: /, '') ? -1 : 1));
}
