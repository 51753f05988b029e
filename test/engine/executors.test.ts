/**
 * The executors (engine/executors/): which plan a batch gets (table); that every executor gives the results of this
 * thread alone, in this process from the TypeScript sources (its workers load them through tsx) and through the CLI;
 * and that a failing batch stops its workers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { defaultEmitOptions } from '../../generator/emit/context.js';
import { runtimeExports } from '../../generator/emit/runtime-exports.js';
import { coreCount, inlineExecutor, openExecutor, plan, planLabel, type Plan } from '../../generator/engine/executors/executor.js';
import { runParseAhead } from '../../generator/engine/executors/parse-ahead.js';
import { startPrintThread } from '../../generator/engine/executors/print-thread.js';
import { startWorker, workerExecArgv } from '../../generator/engine/executors/start-worker.js';
import { runBatch, type JobBatch, type ProductResult } from '../../generator/engine/job.js';
import { generateFiles, parseDocs } from '../../generator/engine/library.js';
import { readTree, removeDir, ROOT, runFolders, tempDir } from '../emit/helpers.js';

describe('plan', () => {
  const pages = { emit: true, fromPages: true };
  const cases: { name: string; pages: number; requested?: number; cores: number; work?: typeof pages; off?: string; want: Plan }[] = [
    { name: 'small batch: this thread, printing in a worker', pages: 119, cores: 2, want: { kind: 'print-thread' } },
    { name: 'small batch that emits nothing (parse): this thread', pages: 5, cores: 2, work: { emit: false, fromPages: true }, want: { kind: 'inline' } },
    { name: 'small batch, one core: this thread', pages: 0, cores: 1, want: { kind: 'inline' } },
    { name: 'one core: this thread', pages: 2000, cores: 1, want: { kind: 'inline' } },
    { name: 'two cores: parse-ahead', pages: 120, cores: 2, want: { kind: 'parse-ahead' } },
    { name: 'two cores, spec files (generate): this thread', pages: 2000, cores: 2, work: { emit: true, fromPages: false }, want: { kind: 'inline' } },
    { name: 'four cores: parse-ahead', pages: 2000, cores: 4, want: { kind: 'parse-ahead' } },
    { name: '--threads 1: this thread', pages: 2000, requested: 1, cores: 2, want: { kind: 'inline' } },
    { name: '--threads 3: as by default', pages: 10, requested: 3, cores: 2, want: { kind: 'print-thread' } },
    { name: 'SCLOUD_GEN_OFF=parse-ahead: this thread', pages: 2000, cores: 2, off: 'parse-ahead', want: { kind: 'inline' } },
    { name: 'SCLOUD_GEN_OFF=print-thread: this thread', pages: 1, cores: 2, off: 'print-thread', want: { kind: 'inline' } },
    { name: 'SCLOUD_GEN_OFF=all, --threads 3: this thread', pages: 2000, requested: 3, cores: 4, off: 'all', want: { kind: 'inline' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = process.env.SCLOUD_GEN_OFF;
      if (c.off === undefined) delete process.env.SCLOUD_GEN_OFF;
      else process.env.SCLOUD_GEN_OFF = c.off;
      try {
        expect(plan(c.pages, c.work ?? pages, { cores: c.cores, ...(c.requested !== undefined ? { threads: c.requested } : {}) })).toEqual(c.want);
      } finally {
        if (before === undefined) delete process.env.SCLOUD_GEN_OFF;
        else process.env.SCLOUD_GEN_OFF = before;
      }
    });
  }

  it('SCLOUD_GEN_CORES overrides the core count; a bad value is ignored', () => {
    expect(coreCount({ SCLOUD_GEN_CORES: '2' })).toBe(2);
    expect(coreCount({ SCLOUD_GEN_CORES: '0' })).toBe(coreCount({}));
    expect(coreCount({ SCLOUD_GEN_CORES: 'two' })).toBe(coreCount({}));
  });

  it('labels', () => {
    expect([{ kind: 'inline' }, { kind: 'parse-ahead' }, { kind: 'print-thread' }].map((p) => planLabel(p as Plan))).toEqual([
      'jobs',
      'jobs (parse-ahead)',
      'jobs (print thread)',
    ]);
  });
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
    const url = new URL(
      `data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.postMessage(process.execArgv);")}`,
    );
    const run = (argv: string[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
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

describe('executors against this thread alone', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('pool');
    // The golden docs 25 times over (6 pages each), so the job is above the worker threshold of 120 pages.
    for (let i = 0; i < COPIES; i++) {
      for (const folder of readdirSync(join(ROOT, 'test/golden/zh/docs')))
        cpSync(join(ROOT, 'test/golden/zh/docs', folder), join(dir, 'docs', `c${i}${folder}`), { recursive: true });
    }
  });
  afterAll(() => removeDir(dir));

  const build = (out: string, extra: string[], env: Record<string, string>): { status: number | null; stderr: string } => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen'), ...extra],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, SCLOUD_GEN_TIMING: '1', ...env },
      },
    );
    return { status: r.status, stderr: r.stderr };
  };
  /** The report without the timing line and the elapsed time. */
  const report = (stderr: string): string =>
    stderr
      .split('\n')
      .filter((l) => !l.startsWith('timing:'))
      .join('\n')
      .replace(/, [\d.]+ s$/m, '');
  const tree = (out: string): Map<string, string> => readTree(join(dir, out));

  /** A batch of every page of the docs copies, parsing and emitting (no cache). */
  const batchOf = (docs: string, emit = true): JobBatch => {
    const folders = readdirSync(docs).sort();
    const products = folders.map((f) => ({
      id: f.replace(/-api$/, ''),
      folder: f,
      source: {
        pages: readdirSync(join(docs, f))
          .sort()
          .map((p) => ({
            rel: `${f}/${p}`,
            hash: createHash('sha1')
              .update(readFileSync(join(docs, f, p)))
              .digest('hex'),
          })),
      },
    }));
    const env = {
      docsDir: docs,
      prefix: 'docs',
      parse: { docsBaseUrl: 'https://docs.scloudsg.com' },
      runtime: runtimeExports(defaultEmitOptions().runtimeDir).perProduct,
      ...(emit ? { emit: defaultEmitOptions() } : {}),
    };
    return { env, products, cached: {} };
  };
  /** What a result holds, without the parse results (the cache's, the same JSON either way). */
  const comparable = (rs: ProductResult[]): unknown => rs.map(({ results: _r, ...rest }) => rest);

  it('every executor gives the results of this thread alone (in this process: the workers load the TypeScript sources)', { timeout: 120_000 }, async () => {
    const batch = batchOf(join(dir, 'docs'));
    const want = comparable(await runBatch(batch));
    const seen: string[] = [];
    const ahead = await runParseAhead(batch, (r) => seen.push(r.id));
    expect(comparable(ahead)).toEqual(want);
    expect(seen).toEqual(batch.products.map((p) => p.id));
    const printer = startPrintThread(undefined);
    try {
      expect(comparable(await runBatch(batch, undefined, { printer }))).toEqual(want);
    } finally {
      await printer.close();
    }
    const auto = openExecutor({ cores: 2 });
    try {
      expect(comparable(await auto.run(batch))).toEqual(want);
      expect(auto.label).toBe('jobs (parse-ahead)');
      expect(comparable(await auto.run({ ...batch, products: batch.products.slice(0, 3) }))).toEqual((want as unknown[]).slice(0, 3));
      expect(auto.label).toBe('jobs (print thread)');
    } finally {
      await auto.close();
    }
  });

  it('the library stages give the same on every executor', { timeout: 120_000 }, async () => {
    const docs = join(dir, 'docs');
    const parsed = await parseDocs(docs);
    const files = await generateFiles(parsed.specs);
    for (const executor of [openExecutor({ cores: 2 })]) {
      try {
        expect(await parseDocs(docs, {}, executor)).toEqual(parsed);
        expect(await generateFiles(parsed.specs, { executor })).toEqual(files);
      } finally {
        await executor.close();
      }
    }
    expect(await parseDocs(docs, {}, inlineExecutor())).toEqual(parsed);
  });

  it('a batch failing while the worker parses ahead rejects, and the worker does not keep the process alive', { timeout: 60_000 }, () => {
    // The compiled parse-ahead in a child process: the product callback throws at the first product, so the batch
    // fails while the worker has more to parse; the child must then exit by itself.
    expect(spawnSync(process.execPath, [join(ROOT, 'bin/build-generator.js')]).status).toBe(0);
    const module = pathToFileURL(join(ROOT, 'generator/dist/generator/engine/executors/parse-ahead.js')).href;
    const script = `const { runParseAhead } = await import(${JSON.stringify(module)});
      const batch = JSON.parse(process.argv[2]);
      await runParseAhead(batch, () => { throw new Error('failed in onProduct'); }).then(
        () => console.log('resolved'), (e) => console.log('rejected: ' + e.message));`;
    writeFileSync(join(dir, 'fail.mjs'), script);
    const r = spawnSync(process.execPath, [join(dir, 'fail.mjs'), JSON.stringify(batchOf(join(dir, 'docs'), false))], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout: nothing kept it alive
    expect(r.stdout.trim()).toBe('rejected: failed in onProduct');
    expect(r.status).toBe(0);
  });

  it(
    'gives the trees and report of one thread, cold and with part of the pages cached; a deleted output is remade from the cache',
    { timeout: 120_000 },
    () => {
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
    },
  );
});

describe('node options', () => {
  it(
    'V8 options a worker cannot be given (--max-old-space-size, --stack-size) do not stop the workers: parse-ahead, then a print thread',
    { timeout: 120_000 },
    () => {
      const dir = tempDir('pool-node-options');
      try {
        for (let i = 0; i < COPIES; i++) {
          for (const folder of readdirSync(join(ROOT, 'test/golden/zh/docs')))
            cpSync(join(ROOT, 'test/golden/zh/docs', folder), join(dir, 'docs', `c${i}${folder}`), { recursive: true });
        }
        const build = (out: string, node: string[]): { status: number | null; stderr: string } => {
          const r = spawnSync(
            process.execPath,
            [...node, CLI, 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, out, 'spec'), '--out', join(dir, out, 'gen')],
            {
              cwd: dir,
              encoding: 'utf8',
              env: { ...process.env, SCLOUD_GEN_TIMING: '1', SCLOUD_GEN_CORES: '2' },
            },
          );
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
    },
  );
});

/** Parse results in a run's cache (index.json offsets into data.bin), by result key. */
function cachedResults(runDir: string): Map<string, string> {
  const index = JSON.parse(readFileSync(join(runDir, 'index.json'), 'utf8')) as { results: Record<string, [number, number]> };
  const data = readFileSync(join(runDir, 'data.bin'));
  return new Map(Object.entries(index.results).map(([k, [at, n]]) => [k, data.subarray(at, at + n).toString('utf8')] as const));
}
