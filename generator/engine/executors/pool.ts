/**
 * The pool (speed measure `pool`): the products of a batch split into groups of about equal weight (deterministic),
 * one per thread; this thread takes the first, a worker thread (pool-worker.ts) each other one, and each parses and
 * emits its products on its own, so nothing but the results crosses threads. What `--threads <n>` asks for, and the
 * plan of a cold build on more than two cores. Figures and the condition for deleting it: ARCHITECTURE.md.
 */
import { useCodeCache } from '../../speed/code-cache.js';
import { resultKey } from '../cache.js';
import { refsOf, runBatch, weightOf, type JobBatch, type ProductJob, type ProductResult } from '../job.js';
import { startWorker, workerModule } from './start-worker.js';

const POOL_WORKER = workerModule('pool-worker', import.meta.url);

/** Runs `batch` on `threads` threads; results sorted by product id. */
export async function runPool(batch: JobBatch, threads: number, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]> {
  // A big build reads ts-morph's code cache but leaves making it to a small one (it would raise this run's peak).
  useCodeCache(batch.env.codeCache, false);
  if (batch.products.length <= 1) return runBatch(batch, onProduct);
  const [mine = [], ...others] = partition(batch.products, threads);
  const workers = others.map((products) => inWorker({ ...batch, products, cached: pick(batch.cached, products) }, onProduct));
  const parts = await Promise.all([runBatch({ ...batch, products: mine }, onProduct), ...workers]);
  return parts.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Splits products into `n` groups of similar weight: heaviest first, each to the lightest group. */
export function partition(products: readonly ProductJob[], n: number): ProductJob[][] {
  const groups = Array.from({ length: n }, () => ({ jobs: [] as ProductJob[], size: 0 }));
  const sorted = [...products].sort((a, b) => weightOf(b) - weightOf(a) || (a.id < b.id ? -1 : 1));
  for (const p of sorted) {
    const g = groups.reduce((best, x) => (x.size < best.size ? x : best));
    g.jobs.push(p);
    g.size += weightOf(p);
  }
  return groups.map((g) => g.jobs).filter((g) => g.length > 0);
}

/** Only the cached results a group's pages can use travel to its worker. */
function pick(cached: Record<string, string>, products: readonly ProductJob[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of products)
    for (const r of refsOf(p)) {
      const k = resultKey(r.rel, r.hash, p.id);
      if (cached[k] !== undefined) out[k] = cached[k];
    }
  return out;
}

function inWorker(batch: JobBatch, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(POOL_WORKER);
    const results: ProductResult[] = [];
    worker.on('message', (m: { product?: ProductResult; done?: boolean; error?: string }) => {
      if (m.product !== undefined) {
        onProduct?.(m.product);
        results.push(m.product);
        return;
      }
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(`build worker failed: ${m.error}`));
      else resolve(results);
    });
    worker.once('error', (e) => reject(e));
    worker.postMessage(batch);
  });
}
