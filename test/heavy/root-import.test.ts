/**
 * The package root is cheap at full size (issue 25): the synthetic full-size reference (bench/full-corpus.ts) built
 * into a client package as `npm run build` builds it, installed into an empty folder; in fresh processes, in turn,
 * `import('scloud-sdk')` takes at most twice `import('scloud-sdk/uhost')` (median of the per-pair ratios; the machine
 * is shared, so pairs, never one run), the root loads no product module, and `scloud-sdk/all` has every product.
 * Figures are printed for BENCHMARKS.md (`npm run bench -- import` prints the same).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullSizePackage, importOnce, median, pairedImports } from '../../bench/import.js';
import { removeDir, ROOT, tempDir } from '../emit/helpers.js';

const CORPUS = join(ROOT, '../shared/corpus/zh');
if (!existsSync(CORPUS)) console.log('skipped: ../shared/corpus not found (the full-size package root import)');

describe.skipIf(!existsSync(CORPUS))('importing the full-size client package', () => {
  const dir = tempDir('root-import');
  afterAll(() => removeDir(dir));

  it('the root takes at most 2x one product, loads no product, and scloud-sdk/all has every product', { timeout: 1_200_000 }, () => {
    const app = fullSizePackage(dir);
    const products = readdirSync(join(app, 'node_modules/scloud-sdk/dist/esm'), { withFileTypes: true }).filter(
      (d) => d.isDirectory() && !['runtime', 'all'].includes(d.name),
    ).length;
    expect(products).toBeGreaterThanOrEqual(80);
    // The root's names are the runtime's; every product is a namespace of scloud-sdk/all (plus the same runtime names).
    const root = importOnce(app, 'scloud-sdk').names;
    expect(importOnce(app, 'scloud-sdk/all').names).toBe(root + products);
    const pairs = Number(process.env.IMPORT_PAIRS ?? 20);
    const r = pairedImports(app, ['scloud-sdk', 'scloud-sdk/uhost'], pairs);
    const ratio = median(r.ratios);
    console.log(
      `full-size package, import alone, ${pairs} pairs: scloud-sdk ${median(r.ms['scloud-sdk']!).toFixed(1)} ms, scloud-sdk/uhost ${median(r.ms['scloud-sdk/uhost']!).toFixed(1)} ms, ` +
        `root / product median ${ratio.toFixed(2)}x (per pair ${Math.min(...r.ratios).toFixed(2)}-${Math.max(...r.ratios).toFixed(2)})`,
    );
    expect(ratio).toBeLessThanOrEqual(2);
  });
});
