/**
 * Parse-ahead (speed measure `parse-ahead`): a worker thread (parse-worker.ts) parses the pages of a batch product
 * by product, in batch order, while this thread emits the products already parsed. Results cross as the JSON text the
 * cache stores anyway, and this thread reads them exactly as it reads cached ones, so the output is the same as on one
 * thread. For cold and large builds on two cores; figures and the condition for deleting it: ARCHITECTURE.md.
 */
import { loadPrint } from '../../emit/printer.js';
import { useCodeCache } from '../../speed/code-cache.js';
import { resultKey } from '../cache.js';
import { runBatch, type Feed, type JobBatch, type ProductResult } from '../job.js';
import type { ParseInput } from './parse-worker.js';
import { startWorker, workerModule } from './start-worker.js';

const PARSE_WORKER = workerModule('parse-worker', import.meta.url);

/** Products the worker may run ahead of what this thread has taken (their results wait in memory as JSON text). */
const AHEAD = 16;

/** The worker's young generation, in MB: its page results are short-lived (BENCHMARKS.md: a lower peak, same speed). */
const WORKER_YOUNG_MB = 24;

/** Runs `batch` with a parse worker ahead of this thread; the worker stops when the batch ends, failed or not. */
export async function runParseAhead(batch: JobBatch, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]> {
  // A big build reads ts-morph's code cache but leaves making it to a small one (it would raise this run's peak).
  useCodeCache(batch.env.codeCache, false);
  const { feed, stop } = parseAhead(batch);
  try {
    // The emitter (ts-morph) loads while the worker starts and parses the first product.
    if (batch.env.emit !== undefined) await loadPrint();
    return await runBatch(batch, onProduct, { feed });
  } finally {
    stop();
  }
}

/**
 * Starts the worker on the pages of `batch` not in its cache. The feed gives a product's new results once the
 * worker has them (a product with nothing to parse: none); a failed worker fails every feed still pending.
 */
function parseAhead(batch: JobBatch): { feed: Feed; stop: () => void } {
  const products: ParseInput['products'] = [];
  for (const p of batch.products) {
    if (!('pages' in p.source)) continue;
    const pages = p.source.pages.filter((page) => batch.cached[resultKey(page.rel, page.hash, p.id)] === undefined);
    if (pages.length > 0) products.push({ id: p.id, pages });
  }
  const pending = new Map(products.map((p) => [p.id, deferred<Record<string, string>>()] as const));
  const worker = startWorker(PARSE_WORKER, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  let finished = false;
  const stop = (e?: Error): void => {
    finished = true;
    void worker.terminate();
    if (e !== undefined) for (const d of pending.values()) d.reject(e);
  };
  worker.on('message', (m: { parsed?: { product: string; results: Record<string, string> }; error?: string }) => {
    if (m.parsed !== undefined) pending.get(m.parsed.product)?.resolve(m.parsed.results);
    else stop(m.error === undefined ? undefined : new Error(`build worker failed: ${m.error}`));
  });
  worker.once('error', stop);
  const message: ParseInput = { docsDir: batch.env.docsDir, parse: batch.env.parse, products, ahead: AHEAD };
  worker.postMessage(message);
  let taken = 0;
  const feed: Feed = async (id) => {
    const d = pending.get(id);
    if (d === undefined) return {};
    const results = await d.promise;
    pending.delete(id);
    taken++;
    if (!finished) worker.postMessage({ taken });
    return results;
  };
  // The job must stop the worker when it ends, failed or not: a worker waiting to parse ahead keeps the process alive.
  return { feed, stop: () => (finished ? undefined : stop()) };
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a product the job never reaches (an earlier one failed) is not an unhandled rejection
  return { promise, resolve, reject };
}
