/**
 * Issue 9's findings on output folders, each as a test: the generator deletes only files its manifest proves it
 * wrote, refuses runs that would wipe most of the output, checks folders before writing, and recovers an
 * interrupted commit (journal) and its leftovers.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFullCorpus } from '../../bench/full-corpus.js';
import { build as buildRun } from '../../generator/cli/commands/build.js';
import { defaultEmitOptions } from '../../generator/emit/context.js';
import { JOURNAL_FILE } from '../../generator/fs/commit.js';
import { readTree, removeDir, ROOT, runCli, tempDir } from '../emit/helpers.js';

const run = runCli;

/** A docs folder of 16 products made from the golden pages (two source products, seven copies each). */
function docsOf(dir: string): string {
  const docs = join(dir, 'docs');
  makeFullCorpus(join(ROOT, 'test/golden/zh/docs'), docs);
  return docs;
}

describe('output folders: ownership, mass removal, folder checks', () => {
  let dir = '';
  let docs = '';
  beforeAll(() => {
    dir = tempDir('safety');
    docs = docsOf(dir);
  });
  afterAll(() => removeDir(dir));
  const build = (extra: string[] = [], d = docs): Promise<{ code: number; out: string; err: string }> =>
    run(['build', '--docs', d, '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--no-cache', ...extra]);

  it('build --spec DIR keeps DIR/deploy/Values.yaml and any other file it did not write', async () => {
    mkdirSync(join(dir, 'spec', 'deploy'), { recursive: true });
    writeFileSync(join(dir, 'spec', 'deploy', 'Values.yaml'), 'replicas: 2\n');
    const r = await build();
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'spec', 'deploy', 'Values.yaml'), 'utf8')).toBe('replicas: 2\n');
    expect(r.err).toMatch(/1 file\(s\) in .*spec were not written by scloud-gen and are kept: .*deploy\/Values.yaml/);
    expect((await build()).code).toBe(0);
    expect(existsSync(join(dir, 'spec', 'deploy', 'Values.yaml'))).toBe(true);
  });

  it('a wrong --docs (empty folder, or one product folder) is a usage error and writes nothing', async () => {
    const before = readTree(join(dir, 'gen'));
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const empty = await build([], join(dir, 'empty'));
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(
      /--docs '.*empty' has no pages in <product>\/<page>\.md form \(0 pages\): it holds no \.md page at all\. A docs folder has one sub-folder per product/,
    );
    const one = await build([], join(docs, 'umem-api'));
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/it holds 5 page\(s\) directly .*so it looks like one product folder: pass its parent, .*docs/);
    expect(readTree(join(dir, 'gen'))).toEqual(before);
  });

  it('docs that lost most products: exit 2 naming how many and which, unless --allow-mass-removal', async () => {
    const few = join(dir, 'few');
    mkdirSync(few, { recursive: true });
    cpSync(join(docs, 'umem-api'), join(few, 'umem-api'), { recursive: true });
    const before = readTree(join(dir, 'spec'));
    const r = await build([], few);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/this run would remove (\d+) of the (\d+) actions in .*spec \(products [a-z0-9_, -]+( and \d+ more)?\); nothing was written/);
    expect(r.err).toContain('--allow-mass-removal');
    expect(readTree(join(dir, 'spec'))).toEqual(before);
    const allowed = await build(['--allow-mass-removal'], few);
    expect(allowed.code).toBe(0);
    expect(
      readdirSync(join(dir, 'spec'))
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(['deploy', 'products.yaml', 'umem']);
    expect((await build()).code).toBe(0);
  });

  it.each([
    ['--out inside --docs', (d: string) => ['--out', join(d, 'docs', 'generated')], /--out '.*' overlaps --docs/],
    ['--out equal to --spec', (d: string) => ['--out', join(d, 'spec')], /--spec '.*' and --out '.*' overlap/],
    ['--spec inside --out', (d: string) => ['--spec', join(d, 'gen', 'spec')], /--spec '.*' and --out '.*' overlap/],
    ['--out naming a file', (d: string) => ['--out', join(d, 'a-file')], /--out '.*a-file' is a file; pass a folder/],
    ['--out holding the working folder', () => ['--out', process.cwd()], /is the working folder or holds it/],
  ])('%s is a usage error before any write', async (_n, flags, message) => {
    writeFileSync(join(dir, 'a-file'), 'x');
    const spec = readTree(join(dir, 'spec'));
    const f = flags(dir);
    const base: Record<string, string> = { '--docs': docs, '--spec': join(dir, 'spec'), '--out': join(dir, 'gen') };
    for (let i = 0; i < f.length; i += 2) base[f[i]!] = f[i + 1]!;
    const r = await run(['build', ...Object.entries(base).flat(), '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(readTree(join(dir, 'spec'))).toEqual(spec);
    expect(existsSync(join(dir, 'docs', 'generated'))).toBe(false);
  });

  it('check fails on a hand-written file in the output, and on one in the spec folder not listed in .scloud-keep', async () => {
    expect((await run(['check', '--docs', docs, '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--no-cache'])).code).toBe(1); // deploy/Values.yaml
    rmSync(join(dir, 'spec', 'deploy'), { recursive: true });
    const args = ['check', '--docs', docs, '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--no-cache'];
    expect((await run(args)).code).toBe(0);
    writeFileSync(join(dir, 'gen', 'umem', 'Stray.ts'), 'export const x = 1;\n');
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`stray: ${join(dir, 'gen')}/umem/Stray.ts`);
    writeFileSync(join(dir, 'gen', '.scloud-keep'), 'umem/Stray.ts\n');
    expect((await run(args)).code).toBe(0);
    rmSync(join(dir, 'gen', '.scloud-keep'));
    rmSync(join(dir, 'gen', 'umem', 'Stray.ts'));
  });
});

describe('interrupted commits', () => {
  let dir = '';
  let docs = '';
  beforeAll(() => {
    dir = tempDir('journal');
    docs = docsOf(dir);
  });
  afterAll(() => removeDir(dir));
  const options = (d = docs) => ({
    command: 'build' as const,
    docs: d,
    spec: join(dir, 'spec'),
    out: join(dir, 'gen'),
    runtime: defaultEmitOptions().runtimeDir,
    docsBaseUrl: 'https://docs.scloudsg.com',
    cache: false,
    allowMassRemoval: false,
    quiet: true,
  });

  it('a run stopped between the two swaps (spec new, client old) is completed by the next command, even check', async () => {
    const r0 = await buildRun(options());
    expect(r0.exitCode).toBe(0);
    const page = join(docs, 'umem-api', 'create_u_redis_group.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace(/^# (.*) - /m, '# $1 (renamed) - '));
    const crash = buildRun({
      ...options(),
      onSwap: async (i: number) => {
        if (i === 0) throw new Error('killed between swaps');
      },
    });
    await expect(crash).rejects.toThrow('killed between swaps');
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(true);
    const spec = readFileSync(join(dir, 'spec', 'umem', 'CreateURedisGroup.yaml'), 'utf8');
    expect(spec).toContain('(renamed)');
    expect(readFileSync(join(dir, 'gen', 'umem', 'CreateURedisGroup.ts'), 'utf8')).not.toContain('(renamed)');
    const r = await run(['check', '--docs', docs, '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--no-cache']);
    expect(r.err).toMatch(/completed an interrupted run/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'gen', 'umem', 'CreateURedisGroup.ts'), 'utf8')).toContain('(renamed)');
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('scloud-'))).toEqual([]);
  });

  it('leftover stages of a run stopped before its commit are removed; the folders stay as they were', async () => {
    const stage = join(dir, '.gen.scloud-stage');
    mkdirSync(join(stage, 'umem'), { recursive: true });
    writeFileSync(join(stage, 'umem', 'Half.ts'), 'half');
    mkdirSync(join(dir, 'spec', '..', '.spec.scloud-old'), { recursive: true });
    const before = readTree(join(dir, 'gen'));
    const r = await run(['build', '--docs', docs, '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--no-cache']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/removed .*\.gen\.scloud-stage, left by an interrupted run/);
    expect(existsSync(stage)).toBe(false);
    expect(readTree(join(dir, 'gen'))).toEqual(before);
  });

  it('the staging, old-tree, lock and journal names are git-ignored', () => {
    const names = [
      'spec/.api.scloud-stage/uhost/X.yaml',
      '.generated.scloud-old/index.ts',
      '.scloud-gen.lock',
      '.scloud-gen.journal',
      '.scloud-gen.journal.tmp',
    ];
    const out = execFileSync('git', ['check-ignore', '--no-index', ...names], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim().split('\n').sort()).toEqual([...names].sort());
  });
});
