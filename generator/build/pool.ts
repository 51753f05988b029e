/**
 * Runs build jobs on the cores. On more than two, the products are split into groups of about equal page count
 * (deterministic), one per thread: this thread takes the first, a worker thread each other one; each parses and
 * emits its products on its own, so nothing but the results crosses threads. On two, one worker parses the pages
 * ahead of this thread, which emits them (parse results cross as the JSON text the cache stores anyway). Small
 * jobs run in this thread, with a worker thread that loads ts-morph meanwhile and prints the files; on one core,
 * and from TypeScript sources (tests), in this thread alone. The output never depends on the plan.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { useCodeCache } from '../emit/code-cache.js';
import type { Renderer } from '../emit/renderer.js';
import { parseAhead, PARSE_WORKER } from './parse-ahead.js';
import { printThread, PRINT_WORKER } from './print-thread.js';
import type { JobInput, ProductJob, ProductResult } from './product-job.js';
import { resultKey } from './state.js';
import { startWorker } from './worker-argv.js';

/** Pages to parse below which starting workers costs more than it saves. */
const MIN_PAGES_FOR_WORKERS = 120;

const WORKER = new URL('./worker.js', import.meta.url);

/**
 * How a job runs: on `threads` threads that each parse and emit their share of the products, or (`parseAhead`)
 * on this thread, which emits, with one worker thread parsing the pages ahead of it.
 */
export interface ThreadPlan {
  threads: number;
  parseAhead: boolean;
  /** One thread that parses and emits, with a worker thread that loads ts-morph meanwhile and prints (print-thread.ts). */
  printThread?: boolean;
}

export const ONE_THREAD: ThreadPlan = { threads: 1, parseAhead: false };

/** The timing lap's name for a plan (SCLOUD_GEN_TIMING=1): `jobs`, or the threads it ran them on. */
export function planLabel(plan: ThreadPlan, jobs: number): string {
  if (jobs === 0) return 'jobs';
  if (plan.parseAhead) return 'jobs (parse-ahead)';
  if (plan.threads > 1) return `jobs (${plan.threads} threads)`;
  return plan.printThread === true ? 'jobs (print thread)' : 'jobs';
}

/**
 * The plan for a job with `pages` pages to parse on `cores` cores. On two, parse-ahead: a second thread that
 * also emitted would load its own ts-morph and marked and fight V8's garbage-collection threads for the second
 * core (a cold full-size build measured 3.2 s with one thread, 3.9 s with two, and 40 % more memory), while a
 * parse worker loads only the parser and this thread only the emitter (0.83x the one-thread time, +27 MiB).
 * A small job (a page changed) on two cores or more: this thread, with a print thread (print-thread.ts).
 * `requested` (--threads) splits the products over that many threads (1: this thread alone). `compiled`: the
 * worker files exist (not when the generator runs from its TypeScript sources, as in tests).
 */
export function threadsFor(pages: number, requested?: number, cores = coreCount(), compiled = (url: URL) => existsSync(fileURLToPath(url))): ThreadPlan {
  if (requested !== undefined) return { threads: Math.max(1, Math.floor(requested)), parseAhead: false };
  if (cores < 2) return ONE_THREAD;
  if (pages < MIN_PAGES_FOR_WORKERS) return compiled(PRINT_WORKER) ? { threads: 1, parseAhead: false, printThread: true } : ONE_THREAD;
  if (cores === 2) return compiled(PARSE_WORKER) ? { threads: 1, parseAhead: true } : ONE_THREAD;
  return compiled(WORKER) ? { threads: Math.min(cores - 1, 4), parseAhead: false } : ONE_THREAD;
}

/** Cores to plan for: `SCLOUD_GEN_CORES` when set (a container's CPU quota, which Node cannot see), else Node's count. */
export function coreCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SCLOUD_GEN_CORES);
  return env.SCLOUD_GEN_CORES !== undefined && Number.isInteger(n) && n >= 1 ? n : availableParallelism();
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

/**
 * Runs `input` as `plan` says; results sorted by product id; `onProduct` sees each as it is made. `printer`: a
 * print thread started earlier (the caller closes it), used by a plan with one; without it, one is started here.
 */
export async function runJobs(input: JobInput, plan: ThreadPlan, weight: (p: ProductJob) => number, onProduct?: (r: ProductResult) => void, printer?: Renderer): Promise<ProductResult[]> {
  if (input.products.length === 0) return [];
  // Loaded here, not at start-up: a run with nothing to rebuild never loads the parser, marked, yaml or ts-morph.
  const { runJob } = await import('./product-job.js');
  // A big build (the plans with workers) reads ts-morph's code cache but leaves making it to a small one.
  useCodeCache(input.codeCache, !plan.parseAhead && plan.threads <= 1);
  if (plan.parseAhead && input.products.every((p) => p.specs === undefined)) {
    const { feed, stop } = parseAhead(input);
    try {
      // The emitter (ts-morph) loads while the worker starts and parses the first product.
      if (input.emit) await import('../emit/render.js');
      return await runJob(input, onProduct, feed);
    } finally {
      stop();
    }
  }
  if (plan.printThread === true && input.emit) {
    const renderer = printer ?? printThread(input.codeCache, true);
    try {
      return await runJob(input, onProduct, undefined, renderer);
    } finally {
      if (printer === undefined) await renderer.close();
    }
  }
  if (plan.threads <= 1 || input.products.length <= 1) return runJob(input, onProduct);
  const [mine = [], ...others] = partition(input.products, plan.threads, weight);
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
    const worker = startWorker(WORKER);
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
