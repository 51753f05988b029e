/**
 * The build's thread plan: which plan a job gets (table), and that parse-ahead (a worker parsing pages while
 * this thread emits) gives byte-identical trees and reports to one thread, cold and with part of the pages cached.
 * The CLI runs the compiled generator, so the worker files exist; SCLOUD_GEN_CORES=2 picks parse-ahead on any machine.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCount, ONE_THREAD, planLabel, threadsFor, type ThreadPlan } from '../../generator/build/pool.js';
import { startWorker, workerExecArgv } from '../../generator/build/worker-argv.js';
import { readTree, removeDir, ROOT, runFolders, tempDir } from '../emit/helpers.js';

describe('threadsFor', () => {
  const compiled = (): boolean => true;
  const missing = (): boolean => false;
  const cases: { name: string; pages: number; requested?: number; cores: number; workers?: () => boolean; want: ThreadPlan }[] = [
    { name: 'small job: this thread, printing in a worker', pages: 119, cores: 2, want: { threads: 1, parseAhead: false, printThread: true } },
    { name: 'small job, one core: this thread', pages: 0, cores: 1, want: ONE_THREAD },
    { name: 'small job from sources only (tests): this thread', pages: 1, cores: 2, workers: missing, want: ONE_THREAD },
    { name: 'one core: this thread', pages: 2000, cores: 1, want: ONE_THREAD },
    { name: 'two cores: parse-ahead', pages: 120, cores: 2, want: { threads: 1, parseAhead: true } },
    { name: 'four cores: three threads', pages: 2000, cores: 4, want: { threads: 3, parseAhead: false } },
    { name: 'sixteen cores: at most four threads', pages: 2000, cores: 16, want: { threads: 4, parseAhead: false } },
    { name: 'sources only (tests): this thread', pages: 2000, cores: 2, workers: missing, want: ONE_THREAD },
    { name: '--threads 1: this thread', pages: 2000, requested: 1, cores: 2, want: ONE_THREAD },
    { name: '--threads 3 on two cores: three threads', pages: 10, requested: 3, cores: 2, want: { threads: 3, parseAhead: false } },
  ];
  for (const c of cases) it(c.name, () => expect(threadsFor(c.pages, c.requested, c.cores, c.workers ?? compiled)).toEqual(c.want));

  it('SCLOUD_GEN_CORES overrides the core count; a bad value is ignored', () => {
    expect(coreCount({ SCLOUD_GEN_CORES: '2' })).toBe(2);
    expect(coreCount({ SCLOUD_GEN_CORES: '0' })).toBe(coreCount({}));
    expect(coreCount({ SCLOUD_GEN_CORES: 'two' })).toBe(coreCount({}));
  });
});

describe('planLabel', () => {
  const cases: { plan: ThreadPlan; jobs: number; want: string }[] = [
    { plan: { threads: 1, parseAhead: true }, jobs: 0, want: 'jobs' },
    { plan: { threads: 1, parseAhead: true }, jobs: 80, want: 'jobs (parse-ahead)' },
    { plan: { threads: 3, parseAhead: false }, jobs: 80, want: 'jobs (3 threads)' },
    { plan: { threads: 1, parseAhead: false, printThread: true }, jobs: 1, want: 'jobs (print thread)' },
    { plan: ONE_THREAD, jobs: 5, want: 'jobs' },
  ];
  for (const c of cases) it(`${JSON.stringify(c.plan)}, ${c.jobs} jobs: ${c.want}`, () => expect(planLabel(c.plan, c.jobs)).toBe(c.want));
});

describe('workerExecArgv', () => {
  const cases: { given: string[]; want: string[] | undefined }[] = [
    { given: [], want: undefined },
    // Inherited: V8 and process-wide options are refused in an explicit list, but a worker inherits them fine.
    { given: ['--max-old-space-size=512', '--import', 'hook.mjs'], want: undefined },
    { given: ['-e', 'code', '--stack-size=2000'], want: undefined },
    { given: ['--input-type=module', '-e', 'code'], want: [] },
    { given: ['--input-type', 'module', '--eval', 'code', '--inspect'], want: ['--inspect'] },
    { given: ['--input-type=module', '-p', '1+1', '--print=2', '--eval=3', '--trace-warnings'], want: ['--trace-warnings'] },
  ];
  for (const c of cases) it(`${JSON.stringify(c.given)} -> ${JSON.stringify(c.want)}`, () => expect(workerExecArgv(c.given)).toEqual(c.want));

  it('a worker starts with an explicit list that holds an option workers refuse: the list is given up', async () => {
    const url = new URL(`data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.postMessage(process.execArgv);")}`);
    const run = (argv: string[]): Promise<unknown> => new Promise((resolve, reject) => {
      const w = startWorker(url, {}, argv);
      w.once('message', (m) => void w.terminate().then(() => resolve(m)));
      w.once('error', reject);
    });
    expect(await run(['--input-type=module', '-e', 'x', '--max-old-space-size=512'])).toEqual([]);
    expect(await run(['--input-type=module', '-e', 'x', '--no-warnings'])).toEqual(['--no-warnings']);
  });
});

const CLI = join(ROOT, 'bin/scloud-gen.js');
const COPIES = 25;

describe('parse-ahead', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('pool');
    // The golden docs 25 times over (6 pages each), so the job is above the worker threshold of 120 pages.
    for (let i = 0; i < COPIES; i++) {
      for (const folder of readdirSync(join(ROOT, 'test/golden/zh/docs'))) cpSync(join(ROOT, 'test/golden/zh/docs', folder), join(dir, 'docs', `c${i}${folder}`), { recursive: true });
    }
  });
  afterAll(() => removeDir(dir));

  const build = (out: string, extra: string[], env: Record<string, string>): { status: number | null; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen'), ...extra], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, SCLOUD_GEN_TIMING: '1', ...env },
    });
    return { status: r.status, stderr: r.stderr };
  };
  /** The report without the timing line and the elapsed time. */
  const report = (stderr: string): string => stderr.split('\n').filter((l) => !l.startsWith('timing:')).join('\n').replace(/, [\d.]+ s$/m, '');
  const tree = (out: string): Map<string, string> => readTree(join(dir, out));

  it('a job failing while the worker parses ahead rejects, and the worker does not keep the process alive', { timeout: 60_000 }, () => {
    // The compiled pool (the worker is compiled JavaScript) in a child process: the product callback throws at the
    // first product, so the job fails while the worker has more to parse; the child must then exit by itself.
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/build-generator.js')]).status).toBe(0);
    const pool = pathToFileURL(join(ROOT, 'generator/dist/generator/build/pool.js')).href;
    const folders = readdirSync(join(dir, 'docs')).sort();
    const products = folders.map((f) => ({ id: f.replace(/-api$/, ''), folder: f, pages: readdirSync(join(dir, 'docs', f)).map((p) => ({ rel: `${f}/${p}`, hash: p })) }));
    const input = { docsDir: join(dir, 'docs'), prefix: 'docs', parse: { docsBaseUrl: 'https://docs.scloudsg.com' }, runtimeDir: '', runtime: {}, products, cached: {}, emit: false };
    const script = `const { runJobs } = await import(${JSON.stringify(pool)});
      const input = JSON.parse(process.argv[2]);
      await runJobs(input, { threads: 1, parseAhead: true }, () => 1, () => { throw new Error('failed in onProduct'); }).then(
        () => console.log('resolved'), (e) => console.log('rejected: ' + e.message));`;
    writeFileSync(join(dir, 'fail.mjs'), script);
    const r = spawnSync(process.execPath, [join(dir, 'fail.mjs'), JSON.stringify(input)], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout: nothing kept it alive
    expect(r.stdout.trim()).toBe('rejected: failed in onProduct');
    expect(r.status).toBe(0);
  });

  it('gives the trees and report of one thread, cold and with part of the pages cached; a deleted output is remade from the cache', { timeout: 120_000 }, () => {
    const ahead = build('ahead', [], { SCLOUD_GEN_CORES: '2' });
    const one = build('one', ['--threads', '1'], {});
    expect(ahead.status).toBe(0);
    expect(ahead.stderr).toContain('jobs (parse-ahead)');
    expect(one.stderr).not.toContain('parse-ahead');
    expect(report(ahead.stderr)).toBe(report(one.stderr));
    expect(tree('ahead')).toEqual(tree('one'));
    // The worker's results reach the cache as one thread's do: the two runs cache the same results.
    const runs = runFolders(join(dir, '.cache/scloud-gen')).map(cachedResults);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.size).toBe(COPIES * 6);
    expect(runs[0]).toEqual(runs[1]);

    // A deleted client folder is made again in the build's own pass, its pages' results from the cache: no page
    // is parsed again (that would take the worker: there are over 120) and no file is left to fill in afterwards.
    removeDir(join(dir, 'ahead', 'gen'));
    const again = build('ahead', [], { SCLOUD_GEN_CORES: '2' });
    expect(again.stderr).toMatch(/: \d+ actions, [1-9]\d* files written, [1-9]\d* unchanged, 0 removed/);
    expect(again.stderr).toMatch(/timing: .*jobs \(print thread\) \d+ ms/);
    expect(again.stderr).not.toMatch(/parse-ahead|fill/);
    expect(tree('ahead')).toEqual(tree('one'));

    // Every page of 20 copies changes: those are parsed again (120 pages, at the threshold); the other copies'
    // results come from the cache and never go to the worker.
    for (const folder of readdirSync(join(dir, 'docs')).filter((f) => Number(/^c(\d+)/.exec(f)![1]) >= 5)) {
      for (const page of readdirSync(join(dir, 'docs', folder))) {
        const file = join(dir, 'docs', folder, page);
        writeFileSync(file, `${readFileSync(file, 'utf8').replace(/^(#{1,2} )(.*)( - [A-Za-z0-9]+)\s*$/m, '$1$2 v2$3')}\n`);
      }
    }
    const ahead2 = build('ahead', [], { SCLOUD_GEN_CORES: '2' });
    const one2 = build('one', ['--threads', '1'], {});
    expect(ahead2.stderr).toContain('jobs (parse-ahead)');
    expect(ahead2.stderr).toMatch(/: \d+ actions, [1-9]\d* files written, [1-9]\d* unchanged/);
    expect(report(ahead2.stderr)).toBe(report(one2.stderr));
    expect(tree('ahead')).toEqual(tree('one'));
  });
});

describe('node options', () => {
  it('V8 options a worker cannot be given (--max-old-space-size, --stack-size) do not stop the workers: parse-ahead, then a print thread', { timeout: 120_000 }, () => {
    const dir = tempDir('pool-node-options');
    try {
      for (let i = 0; i < COPIES; i++) {
        for (const folder of readdirSync(join(ROOT, 'test/golden/zh/docs'))) cpSync(join(ROOT, 'test/golden/zh/docs', folder), join(dir, 'docs', `c${i}${folder}`), { recursive: true });
      }
      const build = (out: string, node: string[]): { status: number | null; stderr: string } => {
        const r = spawnSync(process.execPath, [...node, CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen')], {
          cwd: dir, encoding: 'utf8', env: { ...process.env, SCLOUD_GEN_TIMING: '1', SCLOUD_GEN_CORES: '2' },
        });
        return { status: r.status, stderr: r.stderr };
      };
      const flags = ['--max-old-space-size=1024', '--stack-size=2000'];
      const cold = build('a', flags);
      expect(cold.stderr).toContain('jobs (parse-ahead)');
      expect(cold.status).toBe(0);
      const page = join(dir, 'docs', readdirSync(join(dir, 'docs')).sort()[0]!);
      const file = join(page, readdirSync(page).sort()[0]!);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nOne more line.\n`);
      const small = build('a', flags);
      expect(small.stderr).toContain('jobs (print thread)');
      expect(small.status).toBe(0);
      expect(build('b', []).status).toBe(0);
      expect(readTree(join(dir, 'a'))).toEqual(readTree(join(dir, 'b')));
    } finally {
      removeDir(dir);
    }
  });
});

/** Parse results in a run's cache (index.json offsets into data.bin), by result key. */
function cachedResults(runDir: string): Map<string, string> {
  const index = JSON.parse(readFileSync(join(runDir, 'index.json'), 'utf8')) as { results: Record<string, [number, number]> };
  const data = readFileSync(join(runDir, 'data.bin'));
  return new Map(Object.entries(index.results).map(([k, [at, n]]) => [k, data.subarray(at, at + n).toString('utf8')] as const));
}
