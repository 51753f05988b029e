/**
 * The synthetic full-size reference (bench/full-corpus.ts: >= 80 product folders, >= 2,000 pages, folder names
 * outside [a-z0-9-] and ids that collide after normalisation, action names documented in two products) builds
 * with 0 errors through the CLI into a client that passes `tsc --strict`; a second build changes nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFullCorpus } from '../../bench/full-corpus.js';
import { parseProductTable } from '../../generator/spec/product-table.js';
import { removeDir, ROOT, tempDir, typecheck } from '../emit/helpers.js';

const CORPUS = join(ROOT, '../shared/corpus/zh');
if (!existsSync(CORPUS)) console.log('skipped: ../shared/corpus not found (full-size corpus suite)');

describe.skipIf(!existsSync(CORPUS))('synthetic full-size corpus', () => {
  const dir = tempDir('full');
  afterAll(() => removeDir(dir));

  it('builds with 0 errors into a client that passes tsc --strict', { timeout: 900_000 }, () => {
    const stats = makeFullCorpus(CORPUS, join(dir, 'docs'));
    expect(stats.products).toBeGreaterThanOrEqual(80);
    expect(stats.pages).toBeGreaterThanOrEqual(2000);
    const args = ['build', '--docs', join(dir, 'docs'), '--spec', join(dir, 'spec'), '--out', join(dir, 'gen'), '--rule', 'name-collision'];
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toMatch(/^build \(\d+ pages\): \d+ actions, \d+ files written, 0 unchanged, 0 removed, \d+ warnings, 0 errors/m);
    expect(r.status).toBe(0);
    const table = parseProductTable(readFileSync(join(dir, 'spec/products.yaml'), 'utf8'));
    expect(table.problems).toEqual([]);
    expect(table.entries).toHaveLength(stats.products);
    // Awkward folder names get valid, distinct ids; the folder is kept for links. The folder whose name needed no
    // change keeps the plain id; the one that collides with it after normalisation gets a hash suffix.
    const byFolder = new Map(table.entries.map((e) => [e.folder, e.id]));
    expect(byFolder.get('uhost2_0-api')).toBe('uhost2_0');
    expect(byFolder.get('uhost2.0-api')).toMatch(/^uhost2_0-[0-9a-f]{6}$/);
    expect(byFolder.get('UHOST4-api')).toBe('uhost4');
    expect(readdirSync(join(dir, 'gen')).filter((n) => !n.includes('.') && n !== 'runtime' && n !== 'all')).toHaveLength(stats.products);
    // Every exported name of a product is unique, the allowed-value lists' among them: none was dropped from an
    // index, and no list needed a numbered name.
    expect(r.stderr).toContain('--rule name-collision: no finding with this code in this run');
    const lists = execFileSync('grep', ['-rhoE', 'export const [A-Za-z0-9_]+(Values|Meanings)[0-9]*[ :]', join(dir, 'gen')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(lists.length).toBeGreaterThan(3000);
    expect(lists.filter((l) => /[0-9][ :]$/.test(l))).toEqual([]);
    expect(typecheck(dir, ['gen'])).toBe('');
    const second = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), ...args], { cwd: dir, encoding: 'utf8' });
    expect(second.stderr).toMatch(/: \d+ actions, 0 files written, \d+ unchanged, 0 removed/);
  });
});
