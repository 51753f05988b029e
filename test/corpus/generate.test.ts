/**
 * Corpus suite: build all pages of ../shared/corpus/zh to a temp folder and type-check the output with
 * `tsc --strict --noEmit`: zero errors. Skipped (with a clear line) when ../shared/corpus is not there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFile } from '../../generator/emit/format.js';
import { generateFiles } from '../../generator/engine/library.js';
import { parseDocs } from '../../generator/engine/library.js';
import { removeDir, ROOT, tempDir, typecheck, writeTree } from '../emit/helpers.js';

const CORPUS = join(ROOT, '../shared/corpus/zh');
if (!existsSync(CORPUS)) console.log('skipped: ../shared/corpus not found (corpus generate suite)');

describe.skipIf(!existsSync(CORPUS))('corpus: build all pages, type-check the output', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('builds every page and tsc --strict --noEmit reports zero errors', { timeout: 180_000 }, async () => {
    const parsed = await parseDocs(CORPUS);
    expect(parsed.pages).toBeGreaterThanOrEqual(376);
    const r = await generateFiles(parsed.specs);
    expect(r.actions).toBe(parsed.specs.length);
    const dir = tempDir('corpus');
    dirs.push(dir);
    writeTree(join(dir, 'g'), r.files);
    expect(typecheck(dir, ['g'])).toBe('');
    // Deterministic on the full corpus too.
    const again = await generateFiles([...parsed.specs].reverse());
    expect([...again.files]).toEqual([...r.files]);
    // The emitter's own layout is prettier's: prettier leaves every emitted TypeScript file unchanged.
    const unstable: string[] = [];
    for (const [rel, text] of r.files) if (rel.endsWith('.ts') && !rel.startsWith('runtime/') && (await formatFile(rel, text)) !== text) unstable.push(rel);
    expect(unstable).toEqual([]);
  });
});
