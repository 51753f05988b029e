/** Incremental, staged writes: unchanged files untouched, only changed files rewritten, stale files removed, foreign kept. */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/emit/pipeline.js';
import { writeIncremental } from '../../generator/emit/write.js';
import { fixtureSpecs, readTree, removeDir, tempDir } from './helpers.js';

describe('incremental writes', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('a second run rewrites nothing; one changed spec rewrites only its action file and the indexes', async () => {
    const dir = tempDir('write');
    dirs.push(dir);
    const specs = await fixtureSpecs();
    const first = await writeIncremental(dir, (await generateFiles(specs)).files);
    expect(first.unchanged).toBe(0);
    const mtimes = new Map([...readTree(dir).keys()].map((rel) => [rel, statSync(join(dir, rel)).mtimeMs]));
    const second = await writeIncremental(dir, (await generateFiles(specs)).files);
    expect(second.written).toEqual([]);
    expect(second.unchanged).toBe(first.written.length);
    for (const [rel, m] of mtimes) expect(statSync(join(dir, rel)).mtimeMs, rel).toBe(m);

    const changed = specs.map((s) => (s.action === 'CreateCustomImage' ? { ...s, request: s.request.map((f) => (f.name === 'ImageName' ? { ...f, description: 'A new description' } : f)) } : s));
    const third = await writeIncremental(dir, (await generateFiles(changed)).files);
    expect(third.written).toEqual(['uhost/CreateCustomImage.ts']);

    const renamed = specs.map((s) => (s.action === 'DescribeImage' ? { ...s, title: 'Describe Images' } : s));
    const fourth = await writeIncremental(dir, (await generateFiles(renamed)).files);
    // A title is shown in the README and in the class facade's JSDoc.
    expect(fourth.written).toEqual(['README.md', 'uhost/CreateCustomImage.ts', 'uhost/DescribeImage.ts', 'uhost/client.ts']);
  });

  it('removes generated files no longer produced, keeps foreign files, leaves no temp folder', async () => {
    const dir = tempDir('stale');
    dirs.push(dir);
    const specs = await fixtureSpecs();
    await writeIncremental(dir, (await generateFiles(specs)).files);
    mkdirSync(join(dir, 'notes'), { recursive: true });
    writeFileSync(join(dir, 'notes/mine.md'), 'hand-written\n');
    const r = await writeIncremental(dir, (await generateFiles(specs.filter((s) => s.product !== 'uphost'))).files);
    expect(r.removed).toEqual(['uphost/DescribePHost.ts', 'uphost/client.ts', 'uphost/index.ts']);
    expect(r.foreign).toEqual(['notes/mine.md']);
    expect(readdirSync(dir)).not.toContain('uphost');
    expect(readdirSync(join(dir, '..')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('spec folder ownership', () => {
  it('only <product>/<Action>.yaml files are the build\'s to remove', async () => {
    const { ownsSpecFile } = await import('../../generator/emit/stages.js');
    expect(ownsSpecFile('uhost/CreateCustomImage.yaml')).toBe(true);
    expect(ownsSpecFile('overrides/uhost/CreateCustomImage.yaml')).toBe(false);
    expect(ownsSpecFile('schema.json')).toBe(false);
    expect(ownsSpecFile('uhost/notes.yaml')).toBe(false);
  });
});
