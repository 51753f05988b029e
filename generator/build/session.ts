/**
 * One run of build, parse or check from docs: folder checks, recovery of an interrupted run, the lock, the
 * computation (run.ts), then writing (build, parse) or comparing (check), and the report.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { controlDir, recover } from '../fs/commit.js';
import { acquireLock } from '../fs/lock.js';
import { MANIFEST_FILE } from '../fs/manifest.js';
import type { TreePlan } from '../fs/tree.js';
import { DEFAULTS } from '../options.js';
import type { ParseOptions } from '../parse/docs.js';
import { generatorVersion } from '../version.js';
import { commitTargets, finishPlanners, guardRemovals, openPlanners, recordTrees, type Target } from './outputs.js';
import { checkPaths, real } from './paths.js';
import { reportDiagnostics, type ReportOptions } from '../report/report.js';
import { formatReport } from '../report/text.js';
import { count, keptNotes, printDiagnostics, summaryLine } from './report.js';
import { computeBuild, type BuildOutput } from './run.js';
import { BuildState } from './state.js';
import { lap, printTimings } from './timing.js';
import { threadsFor } from './pool.js';
import { printThread } from './print-thread.js';
import type { Renderer } from '../emit/renderer.js';
import { changedInputs, scanInputs } from './scan.js';

/** Cache folder of every command (git-ignored `.cache/`, relative to the working folder). */
export const CACHE_ROOT = join('.cache', 'scloud-gen');
/** Its sub-folder of V8 code cache entries (emit/code-cache.ts), shared by every run. */
export const CODE_CACHE = 'v8-code';

export interface SessionOptions {
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
  /** Print nothing (the caller reports; parse --json). */
  quiet?: boolean;
  /** The reporting flags (--quiet, --max-warnings, --rule, --baseline...); default: show everything but infos. */
  report?: ReportOptions;
  /** Test hook: called between the two folder swaps of a commit. */
  onSwap?: (index: number) => Promise<void>;
}

export interface SessionResult {
  exitCode: number;
  build: BuildOutput;
  plans: TreePlan[];
  notes: string[];
}

/** Every place a journal of a run over these folders may be (the common parent, and each folder's parent). */
export async function recoverTargets(dirs: readonly string[]): Promise<string[]> {
  const notes: string[] = [];
  const places = [...new Set([controlDir(dirs), ...dirs.map((d) => resolve(d, '..'))])];
  for (const p of places) notes.push(...(await recover(p, dirs)));
  return [...new Set(notes)];
}

export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const started = performance.now();
  const generate = o.command === 'generate' || o.source === 'spec';
  const writes = o.command === 'check' ? [] : generate ? (['out'] as const) : o.out === undefined ? (['spec'] as const) : (['spec', 'out'] as const);
  checkPaths(o.command, { docs: generate ? undefined : o.docs, spec: o.spec, out: o.out, overrides: o.overrides, runtime: o.runtime }, writes);
  const targets: Target[] = generate ? [] : [{ tree: 'spec', dir: real(o.spec), label: o.spec }];
  if (o.out !== undefined) targets.push({ tree: 'out', dir: real(o.out), label: o.out });
  const dirs = targets.map((t) => t.dir);
  const release = await acquireLock(controlDir(dirs));
  let printer: Renderer | undefined;
  try {
    lap('start');
    const notes = await recoverTargets(dirs);
    const parse: ParseOptions = { docsBaseUrl: o.docsBaseUrl };
    const kind = generate ? 'generate' : o.command === 'parse' ? 'parse' : 'build';
    const state = await BuildState.open(o.cache ? CACHE_ROOT : undefined, [kind, generate ? real(o.spec) : real(o.docs), ...dirs, o.overrides === undefined ? '' : real(o.overrides), o.docsBaseUrl], generatorVersion());
    lap('recover+state');
    const source = generate ? 'spec' : 'docs';
    const codeCache = o.cache ? join(CACHE_ROOT, CODE_CACHE) : undefined;
    const inputs = await scanInputs({ source, docsDir: o.docs, specDir: o.spec, runtimeDir: o.runtime, state, ...(o.overrides !== undefined ? { overridesDir: o.overrides } : {}) });
    lap('scan');
    // A few pages changed: the print thread starts now, so that ts-morph loads while this thread reads the trees,
    // parses and emits (a one-page change: ~0.1 s sooner than when the job starts it).
    const changed = changedInputs(inputs, state);
    printer = o.out !== undefined && changed > 0 && threadsFor(changed, o.threads).printThread === true ? printThread(codeCache, true) : undefined;
    // Files are planned (and, for commands that write, staged) as the build makes them: no text is kept.
    const { planners, sink } = await openPlanners(targets, state, o.command !== 'check');
    lap('outputs');
    // A build that fails before its commit (a bug: exit 3) leaves no stage behind; the trees were not touched.
    const staged = (): TreePlan[] => [...planners.values()].map((p) => p.plan);
    const build = await beforeCommit(staged, () => computeBuild({
      ...clientVersion(o.out), sink, source, docsDir: o.docs, specDir: o.spec, emit: o.out !== undefined, parse, runtimeDir: o.runtime, version: generatorVersion(), state,
      ...(o.overrides !== undefined ? { overridesDir: o.overrides } : {}), ...(o.threads !== undefined ? { threads: o.threads } : {}),
      ...(codeCache !== undefined ? { codeCache } : {}), inputs, ...(printer !== undefined ? { printer } : {}),
      reusable: (tree, rel, hash) => planners.get(tree)?.reusable(rel, hash) ?? true,
    }));
    await printer?.close();
    lap('compute');
    const plans = await beforeCommit(staged, () => finishPlanners(targets, planners, build));
    lap('plan');
    const errors = count(build.diagnostics, 'error');
    const warnings = count(build.diagnostics, 'warning');
    const label = generate ? o.command : `${o.command} (${build.pages} pages)`;
    if (o.command === 'generate' && errors > 0) {
      discardStages(plans);
      printDiagnostics(build.diagnostics.filter((d) => d.severity === 'error'));
      process.stderr.write(`generate: ${errors} spec files are invalid; nothing written. Fix them (or re-run scloud-gen parse) and try again.\n`);
      return { exitCode: 1, build, plans, notes };
    }
    if (o.command === 'check') {
      const problems = plans.flatMap(checkProblems);
      build.remember();
      if (problems.length === 0) await recordTrees(targets, plans, (t) => (t.tree === 'spec' ? build.spec : build.out), state);
      await state.save(build.liveKeys);
      const report = await printReport(o, build);
      for (const n of notes) process.stderr.write(`${n}\n`);
      for (const p of problems) process.stdout.write(`${p}\n`);
      const unchanged = plans.reduce((n, p) => n + p.unchanged, 0);
      process.stderr.write(summaryLine({ command: 'check', actions: build.actions, written: 0, unchanged, warnings, errors, started }));
      if (problems.length > 0) process.stderr.write(`check: ${problems.length} files out of date; run \`${DEFAULTS.regenerateCommand}\` and commit the result\n`);
      return { exitCode: problems.length > 0 || errors > 0 ? 1 : report.exitCode, build, plans, notes };
    }
    try {
      for (const p of plans) guardRemovals(o.command, p, o.allowMassRemoval);
    } catch (e) {
      discardStages(plans);
      throw e;
    }
    const reports = await commitTargets(plans, o.onSwap);
    lap('commit');
    await recordTrees(targets, plans, (t) => (t.tree === 'spec' ? build.spec : build.out), state);
    build.remember();
    await state.save(build.liveKeys);
    lap('record+save');
    for (const n of [...notes, ...plans.flatMap(keptNotes)]) process.stderr.write(`${n}\n`);
    if (o.quiet === true) return { exitCode: errors > 0 ? 1 : 0, build, plans, notes };
    const report = await printReport(o, build);
    process.stderr.write(summaryLine({
      command: label, actions: build.actions, written: reports.reduce((n, r) => n + r.written, 0), unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
      removed: reports.reduce((n, r) => n + r.removed.length, 0), warnings, errors, started,
    }));
    return { exitCode: errors > 0 ? 1 : report.exitCode, build, plans, notes };
  } finally {
    await printer?.close(); // closed already, unless the run failed before its job was done
    await release();
    printTimings();
  }
}

/** Runs `step`; if it throws, the stages planned so far are removed first (nothing was committed yet). */
async function beforeCommit<T>(plans: () => TreePlan[], step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    discardStages(plans());
    throw e;
  }
}

/** Stages made while planning a run that then writes nothing (refused, or invalid input). */
function discardStages(plans: readonly TreePlan[]): void {
  for (const p of plans) if (p.staged) rmSync(p.stage, { recursive: true, force: true });
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
async function printReport(o: SessionOptions, build: BuildOutput): Promise<{ exitCode: number }> {
  const options: ReportOptions = o.report ?? { quiet: false };
  const report = await reportDiagnostics(build.diagnostics, options, { command: o.command, roots: [o.command === 'generate' || o.source === 'spec' ? o.spec : o.docs] });
  const lines = formatReport(report, options);
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  return { exitCode: report.exitCode };
}

/** What check reports for one tree: files to write (stale or missing), to remove, strays, edited leftovers. */
export function checkProblems(plan: TreePlan): string[] {
  const onDisk = new Set(plan.disk);
  const out = [
    ...[...plan.write.keys()].map((f) => (onDisk.has(f) ? `stale: ${plan.label}/${f} (differs from what the generator produces)` : `missing: ${plan.label}/${f}`)),
    ...plan.remove.map((f) => `extra: ${plan.label}/${f} (generated earlier, no longer produced)`),
    ...plan.foreign.map((f) => `stray: ${plan.label}/${f} (not written by the generator; move it out or list it in .scloud-keep)`),
    ...plan.modified.map((f) => `edited: ${plan.label}/${f} (generated earlier, edited since, no longer produced)`),
  ];
  if (out.length === 0 && plan.changed) out.push(`stale: ${plan.label}/${MANIFEST_FILE} (does not list what the generator produces)`);
  return out.sort((a, b) => (a.replace(/^\w+: /, '') < b.replace(/^\w+: /, '') ? -1 : 1));
}
