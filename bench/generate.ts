/**
 * Build benchmarks at the reference's real size (`npm run bench -- generate`): the synthetic full-size corpus
 * (bench/full-corpus.ts) built by the CLI as a user runs it, each figure against its target, and the peer,
 * openapi-typescript on GitHub's API description (`@octokit/openapi`), timed in the same run, cold build and
 * peer in turn (A B A B), so the ratio holds when the shared machine's speed drifts.
 *
 *   cold build          >= 4x the peer's operations/s (ratio of the medians of paired runs)
 *   nothing changed     <= 0.5 s        one page changed  <= 0.8 s        check, nothing changed  <= 0.5 s
 *   peak memory, cold   <= 250 MB       cache on disk     <= 2x the output, appended to (not rewritten) on a change
 *
 * Each cold build runs in a folder of its own, and what the bench removes (the last bench's folder, the other
 * cold builds' output) is removed only after the last timing. The reason: on ext4 without a journal (these
 * machines), creating an inode scans past every inode freed in the last minute or more (`recently_deleted` in
 * the kernel's `find_inode_bit`), so a build right after `rm -rf` of 7,500 files paid up to 2-3 s of system time
 * for the bench's own clean-up (perf showed it in `ext4_create`). A user's first build in a fresh clone does not.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFullCorpus } from './full-corpus.js';
import { benchFolder, median, timedProcess as timed, type Timed } from './workdir.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLE = join(ROOT, '../shared/corpus/zh');
const CLI = join(ROOT, 'bin/scloud-gen.js');
/** The peer's workspace (bench/peer): openapi-typescript needs TypeScript 5, the repo has 7. */
const peerRequire = createRequire(join(ROOT, 'bench/peer/package.json'));
const resolvePeer = (id: string): string => {
  try {
    return peerRequire.resolve(id);
  } catch {
    return '';
  }
};
const PEER_CLI = join(dirname(resolvePeer('openapi-typescript/package.json')), 'bin/cli.js');
const PEER_SPEC = resolvePeer('@octokit/openapi/generated/api.github.com.json');
/** Paired cold runs and runs of each incremental figure (BENCH_PAIRS / BENCH_RUNS to change them). */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const range = (xs: readonly number[], unit = 'ms', digits = 0): string =>
  `median ${median(xs).toFixed(digits)} ${unit} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

function peerOperations(): number {
  const doc = JSON.parse(readFileSync(PEER_SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  let n = 0;
  for (const item of Object.values(doc.paths))
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) if (item[m] !== undefined) n++;
  return n;
}

function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + sizeOf(join(path, e)), 0);
}

export async function run(): Promise<void> {
  if (!existsSync(SAMPLE)) {
    console.log('generate: skipped: ../shared/corpus not found (the full-size corpus is made from it)');
    return;
  }
  if (PEER_SPEC === '' || !existsSync(PEER_CLI)) {
    console.log('generate: skipped: the peer is not installed (npm ci installs openapi-typescript and @octokit/openapi)');
    return;
  }
  const { base, aside } = benchFolder('generate'); // aside: the last bench's folder, removed after the timings
  const docs = join(base, 'docs');
  const corpus = makeFullCorpus(SAMPLE, docs);
  // Run in the work folder, which holds the output and the cache (.cache/scloud-gen); one per cold build.
  const build = ['build', '--docs', docs, '--spec', 'spec', '--out', 'gen', '--quiet'];
  const check = ['check', '--docs', docs, '--spec', 'spec', '--out', 'gen', '--quiet'];
  const coldDirs = Array.from({ length: PAIRS }, (_, i) => join(base, `cold-${i}`));
  for (const d of coldDirs) mkdirSync(d, { recursive: true });
  timed([CLI, 'help'], base); // compiles the generator if its sources changed; not counted
  const ops = peerOperations();
  const peerOut = join(base, 'peer.ts');
  timed([PEER_CLI, PEER_SPEC, '-o', peerOut], base); // warm-up of the peer (file cache), not counted

  const ours: Timed[] = [];
  const peer: number[] = [];
  const ratios: number[] = [];
  let actions = 0;
  for (let i = 0; i < PAIRS; i++) {
    const a = timed([CLI, ...build], coldDirs[i]!);
    actions = Number(/: (\d+) actions/.exec(a.stderr)?.[1] ?? '0');
    const b = timed([PEER_CLI, PEER_SPEC, '-o', peerOut], base);
    ours.push(a);
    peer.push(b.ms);
    ratios.push(actions / a.ms / (ops / b.ms));
  }
  const work = coldDirs.at(-1)!;
  const unchanged: number[] = [];
  for (let i = 0; i < RUNS; i++) unchanged.push(timed([CLI, ...build], work).ms);
  const checks: number[] = [];
  for (let i = 0; i < RUNS; i++) checks.push(timed([CLI, ...check], work).ms);
  const data = join(work, '.cache', 'scloud-gen');
  const stateDir = join(data, readdirSync(data).find((n) => existsSync(join(data, n, 'index.json'))) ?? '');
  const dataBefore = sizeOf(join(stateDir, 'data.bin'));
  const inodeBefore = statSync(join(stateDir, 'data.bin')).ino;
  const page = join(docs, 'uhost-api', 'create_custom_image.md');
  const original = readFileSync(page, 'utf8');
  const onePage: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    writeFileSync(page, original.replace('生成自定义镜像', `生成自定义镜像（第${i}版）`));
    const r = timed([CLI, ...build], work);
    if (!/: \d+ actions, [1-9]\d* files written/.test(r.stderr)) throw new Error(`one page changed wrote nothing: ${r.stderr.slice(-300)}`);
    onePage.push(r.ms);
  }
  writeFileSync(page, original);
  for (const d of [aside, ...coldDirs.slice(0, -1)]) rmSync(d, { recursive: true, force: true });
  const output = sizeOf(join(work, 'spec')) + sizeOf(join(work, 'gen'));
  const cache = sizeOf(data);
  const dataAfter = sizeOf(join(stateDir, 'data.bin'));
  const appended = statSync(join(stateDir, 'data.bin')).ino === inodeBefore;

  const oursPerS = ours.map((t) => actions / (t.ms / 1000));
  const peerPerS = peer.map((ms) => ops / (ms / 1000));
  const rss = Math.max(...ours.map((t) => t.rssKb)) / 1024;
  const lines = [
    `full-size corpus: ${corpus.products} product folders, ${corpus.pages} pages -> ${actions} actions; peer: openapi-typescript on @octokit/openapi api.github.com.json, ${ops} operations`,
    `cold build (CLI, empty cache and output), ${PAIRS} pairs: ours ${range(ours.map((t) => t.ms))} = ${range(oursPerS, 'actions/s')}; peer ${range(peer)} = ${range(peerPerS, 'operations/s')}`,
    `| target | figure | |`,
    `| --- | --- | --- |`,
    `| cold build >= 4x peer's operations/s | ${median(ratios).toFixed(2)}x (pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}) | ${verdict(median(ratios) >= 4)} |`,
    `| nothing changed <= 0.5 s | ${range(unchanged)} | ${verdict(median(unchanged) <= 500)} |`,
    `| one page changed <= 0.8 s | ${range(onePage)} | ${verdict(median(onePage) <= 800)} |`,
    `| check, nothing changed <= 0.5 s | ${range(checks)} | ${verdict(median(checks) <= 500)} |`,
    `| peak memory, cold <= 250 MB | ${rss.toFixed(0)} MB (largest of the ${PAIRS} cold builds) | ${verdict(rss <= 250)} |`,
    `| cache <= 2x the output, updated in place | ${(cache / 2 ** 20).toFixed(1)} MB for ${(output / 2 ** 20).toFixed(1)} MB of output (${(cache / output).toFixed(2)}x); ${RUNS} one-page changes appended ${((dataAfter - dataBefore) / 1024).toFixed(0)} KiB to data.bin, ${appended ? 'same file (appended)' : 'file replaced (compacted)'} | ${verdict(cache <= 2 * output && appended)} |`,
  ];
  for (const l of lines) console.log(l);
}
