/**
 * The old tree's folders are kept (empty) in the run's cache folder and become the next stage (fs/skeleton.ts),
 * so a doc update creates no folders. Each run here is the CLI in its own process, in a temporary working folder
 * (the cache is `.cache/scloud-gen` there); every tree is compared with a fresh `--no-cache` build of the same docs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFullCorpus } from '../../bench/full-corpus.js';
import { readTree, removeDir, ROOT, runFolders, tempDir } from '../emit/helpers.js';

const CLI = join(ROOT, 'bin/scloud-gen.js');

describe('the folder skeleton between runs', () => {
  let dir = '';
  let docs = '';
  let page = '';
  let original = '';
  let edits = 0;
  beforeAll(() => {
    dir = tempDir('skeleton');
    docs = join(dir, 'docs');
    makeFullCorpus(join(ROOT, 'test/golden/zh/docs'), docs);
    page = join(
      docs,
      'uhost-api',
      readdirSync(join(docs, 'uhost-api'))
        .filter((n) => n.endsWith('.md'))
        .sort()[0]!,
    );
    original = readFileSync(page, 'utf8');
  });
  afterAll(() => removeDir(dir));

  const build = (cwd: string, extra: string[] = []): void => {
    mkdirSync(cwd, { recursive: true });
    execFileSync(process.execPath, [CLI, 'build', '--docs', docs, '--spec', 'spec', '--out', 'gen', '--quiet', ...extra], { cwd, stdio: 'pipe' });
  };
  /** Edits the page's first line of prose (its overview), so its product's files change. */
  const edit = (): void => writeFileSync(page, original.replace(/^([^#|\s-].*)$/m, `$1 (edit ${++edits})`));
  const work = (): string => join(dir, 'work');
  const skeleton = (tree: 'out' | 'spec'): string => {
    return join(runFolders(join(work(), '.cache', 'scloud-gen'))[0]!, `skeleton-${tree}`);
  };
  /** The trees a fresh build of the current docs makes, for comparison. */
  const trees = (d: string): Record<string, unknown> => ({
    spec: readTree(join(d, 'spec')),
    gen: readTree(join(d, 'gen')),
    specFolders: folders(join(d, 'spec')),
    genFolders: folders(join(d, 'gen')),
  });
  /** Files and folders (empty ones too) equal to a fresh build's; no stage or old tree left beside them. */
  const expectFresh = (): void => {
    const d = join(dir, `fresh-${edits}`);
    rmSync(d, { recursive: true, force: true });
    build(d, ['--no-cache']);
    expect(trees(work())).toEqual(trees(d));
    expect(readdirSync(work()).filter((n) => n.includes('scloud-'))).toEqual([]);
  };

  it('after a changed run, the old tree is kept as folders only; the next run swaps those same folders in', () => {
    build(work());
    edit();
    build(work());
    for (const tree of ['out', 'spec'] as const) {
      const kept = folders(skeleton(tree));
      expect(kept.filter((f) => f.startsWith('file:'))).toEqual([]);
      expect(kept).toEqual(folders(join(work(), tree === 'out' ? 'gen' : 'spec')).filter((f) => !f.startsWith('file:')));
    }
    const product = readdirSync(skeleton('out')).sort()[0]!;
    const ino = statSync(join(skeleton('out'), product)).ino;
    edit();
    build(work());
    expect(statSync(join(work(), 'gen', product)).ino).toBe(ino);
    expectFresh();
  });

  it('a skeleton holding a file is not used: the file does not reach the output', () => {
    const product = readdirSync(skeleton('out')).sort()[0]!;
    writeFileSync(join(skeleton('out'), product, 'Stray.ts'), 'export {};\n');
    edit();
    build(work());
    expect(existsSync(join(work(), 'gen', product, 'Stray.ts'))).toBe(false);
    expectFresh();
  });

  it('folders of products that are gone are not carried over from the skeleton', () => {
    const gone = 'umem_5-api';
    const backup = join(dir, 'gone');
    execFileSync('mv', [join(docs, gone), backup]);
    try {
      edit();
      build(work());
      const gen = join(work(), 'gen');
      const left = readdirSync(skeleton('out')).filter((n) => !existsSync(join(gen, n)));
      expect(left).toEqual(['umem_5']); // the skeleton (the previous tree) still had that product's folder
      // The product table keeps the gone product's entry (ids are sticky), so this is no fresh build; but no
      // folder of the new trees is empty, and each is one a fresh build has.
      for (const tree of [gen, join(work(), 'spec')]) {
        const all = folders(tree);
        const dirs = all.filter((f) => !f.startsWith('file:'));
        expect(dirs.filter((d) => !readdirSync(join(tree, d)).length)).toEqual([]);
        expect(dirs.some((d) => d.startsWith('umem_5'))).toBe(false);
      }
    } finally {
      execFileSync('mv', [backup, join(docs, gone)]);
    }
  });
});

describe('a skeleton folder where the new tree has a file', () => {
  it('is replaced by the file', async () => {
    const { TreePlanner } = await import('../../generator/fs/tree-plan.js');
    const { commitTrees } = await import('../../generator/fs/commit.js');
    const { sha1 } = await import('../../generator/hash.js');
    const root = tempDir('skeleton-file');
    try {
      const out = join(root, 'out');
      const skeleton = join(root, 'cache', 'skeleton-out');
      mkdirSync(join(skeleton, 'a', 'b', 'c'), { recursive: true });
      mkdirSync(join(skeleton, 'keep'), { recursive: true });
      const planner = await TreePlanner.open(out, () => undefined, 'out', true, skeleton);
      for (const [rel, text] of [
        ['a/b', 'now a file\n'],
        ['keep/x.ts', 'x\n'],
      ] as const)
        planner.add(rel, { hash: sha1(text), text });
      await commitTrees(root, [planner.finish()]);
      expect(readFileSync(join(out, 'a', 'b'), 'utf8')).toBe('now a file\n');
      expect(readFileSync(join(out, 'keep', 'x.ts'), 'utf8')).toBe('x\n');
      expect(folders(out)).toEqual(['a', 'file:.scloud-manifest', 'file:b', 'file:x.ts', 'keep']);
    } finally {
      removeDir(root);
    }
  });
});

/** Every folder under `root` by relative path, and every file as `file:<name>`, sorted. */
function folders(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((e) => (e.isDirectory() ? join(e.parentPath, e.name).slice(root.length + 1) : `file:${e.name}`))
    .sort();
}
