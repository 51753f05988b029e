/**
 * Runs build jobs on every core: the products are split into groups of about equal page count (deterministic),
 * one per thread: this thread takes the first, a worker thread each other one; each parses and emits its
 * products on its own, so nothing but the results crosses threads. Small jobs, and runs from TypeScript sources
 * (tests), run in this thread alone.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobInput, ProductJob, ProductResult } from './product-job.js';
import { resultKey } from './state.js';

/** Pages to parse below which starting workers costs more than it saves. */
const MIN_PAGES_FOR_WORKERS = 120;

const WORKER = new URL('./worker.js', import.meta.url);

/**
 * How many threads a job of `pages` pages to parse should use (1 = this thread). On two cores, one: V8's own
 * garbage-collection threads already keep the second core busy, and a worker costs its own copy of ts-morph and
 * marked (a cold full-size build measured 3.2 s with one thread, 3.9 s with two, and 40 % more memory).
 */
export function threadsFor(pages: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  const cores = availableParallelism();
  if (pages < MIN_PAGES_FOR_WORKERS || cores <= 2 || !existsSync(fileURLToPath(WORKER))) return 1;
  return Math.min(cores - 1, 4);
}

/** Splits products into `n` groups of similar size: largest first, each to the lightest group. */
export function partition(products: readonly ProductJob[], n: number, weight: (p: ProductJob) => number): ProductJob[][] {
  const groups = Array.from({ length: n }, () => ({ jobs: [] as ProductJob[], size: 0 }));
  const sorted = [...products].sort((a, b) => weight(b) - weight(a) || (a.id < b.id ? -1 : 1));
  for (const p of sorted) {
    const g = groups.reduce((best, x) => (x.size < best.size ? x : best));
    g.jobs.push(p);
    g.size += weight(p);
  }
  return groups.map((g) => g.jobs).filter((g) => g.length > 0);
}

/** Runs `input` on `threads` threads; results sorted by product id; `onProduct` sees each as it is made. */
export async function runJobs(input: JobInput, threads: number, weight: (p: ProductJob) => number, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]> {
  if (input.products.length === 0) return [];
  // Loaded here, not at start-up: a run with nothing to rebuild never loads the parser, marked, yaml or ts-morph.
  const { runJob } = await import('./product-job.js');
  if (threads <= 1 || input.products.length <= 1) return runJob(input, onProduct);
  const [mine = [], ...others] = partition(input.products, threads, weight);
  const workers = others.map((products) => inWorker({ ...input, products, cached: pick(input.cached, products) }, onProduct));
  const parts = await Promise.all([runJob({ ...input, products: mine }, onProduct), ...workers]);
  return parts.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Only the cached results a group's pages can use travel to its worker. */
function pick(cached: Record<string, string>, products: readonly ProductJob[]): Record<string, string> {
  const keys = new Set(products.flatMap((p) => p.pages.map((page) => resultKey(page.rel, page.hash, p.id))));
  const out: Record<string, string> = {};
  for (const k of keys) if (cached[k] !== undefined) out[k] = cached[k];
  return out;
}

function inWorker(input: JobInput, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER);
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
    worker.postMessage({ id: 0, input });
  });
}
