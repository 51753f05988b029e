/**
 * The cold build's floor (`npm run bench -- floor`; not in the default run): what the parts of a cold build
 * that are not our code cost alone, each in a fresh process on the full-size corpus (bench/full-corpus.ts), beside
 * the whole cold build's wall and CPU. Figures for deciding whether a cold-build target is in reach on this
 * machine: with C cores busy the whole time, a build of W seconds has at most C x W seconds of CPU.
 *
 *   lex     marked's block lexer over every page (what the parser runs), texts preloaded
 *   write   the cold build's files (spec and client) written again to a new folder, texts preloaded
 *   parse   parsePage over every page, five passes in one process: the first is what a fresh process pays
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFullCorpus } from './full-corpus.js';
import { benchFolder, median, timedProcess } from './workdir.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLE = join(ROOT, '../shared/corpus/zh');
const CLI = join(ROOT, 'bin/scloud-gen.js');
const PROBE = join(ROOT, 'bench/floor-probe.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Pass {
  wall: number;
  cpu: number;
}

/** One whole process: its wall time and CPU time. */
function proc(args: string[], cwd: string): Pass & { stdout: string } {
  const r = timedProcess(args, cwd);
  return { wall: r.ms, cpu: r.cpuMs, stdout: r.stdout };
}

/** The probe's passes in `RUNS` fresh processes: pass i of every run. */
function probe(args: (run: number) => string[], cwd: string): Pass[][] {
  const runs: Pass[][] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push((JSON.parse(proc([PROBE, ...args(i)], cwd).stdout) as { passes: Pass[] }).passes);
  }
  return runs[0]!.map((_, p) => runs.map((r) => r[p]!));
}

const fig = (ps: readonly Pass[]): string => `${median(ps.map((p) => p.wall)).toFixed(0)} ms wall, ${median(ps.map((p) => p.cpu)).toFixed(0)} ms CPU`;

export async function run(): Promise<void> {
  if (!existsSync(SAMPLE)) {
    console.log('floor: skipped: ../shared/corpus not found (the full-size corpus is made from it)');
    return;
  }
  const { base, aside } = benchFolder('floor'); // aside: the last run's folder, removed after the timings
  const docs = join(base, 'docs');
  const corpus = makeFullCorpus(SAMPLE, docs);
  proc([CLI, 'help'], base); // compiles the generator if its sources changed; not counted
  const builds: Pass[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = join(base, `cold-${i}`);
    mkdirSync(dir);
    builds.push(proc([CLI, 'build', '--docs', docs, '--spec', 'spec', '--out', 'gen', '--quiet'], dir));
  }
  const lex = probe(() => ['lex', docs], base);
  const write = probe((i) => ['write', join(base, 'cold-0'), join(base, `write-${i}`)], base);
  const parse = probe(() => ['parse', docs], base);
  console.log(`full-size corpus: ${corpus.products} product folders, ${corpus.pages} pages; medians of ${RUNS} fresh processes each; ${cpus().length} cores`);
  console.log(`cold build (CLI): ${fig(builds)}`);
  console.log(`marked block lexer, every page: ${fig(lex[0]!)}`);
  console.log(`writing the cold build's files again: ${fig(write[0]!)}`);
  console.log(`parsePage, every page: first pass ${fig(parse[0]!)}; passes 2-5 ${parse.slice(1).map(fig).join(' / ')}`);
  rmSync(aside, { recursive: true, force: true });
}
