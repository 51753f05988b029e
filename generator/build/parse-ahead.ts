/**
 * Parse-ahead: a worker thread (parse-worker.ts) parses the pages of a job product by product, in job order,
 * while this thread emits the products already parsed. Results cross as the JSON text the cache stores anyway,
 * and this thread reads them exactly as it reads cached ones, so the output is the same as on one thread.
 */
import type { Feed, JobInput } from './product-job.js';
import { resultKey } from './state.js';
import { startWorker } from './worker-argv.js';
import type { ParseInput } from './parse-worker.js';

export const PARSE_WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * Products the worker may have parsed and this thread not yet taken (their results wait in memory, as JSON
 * text: about 1.5 MB for 16 products of the full reference). At 2, the two threads took turns waiting (the main
 * thread 0.55 s, the worker 1.05 s of a cold build): 16 measured 0.94x cold (8 pairs), +2.5 MiB peak.
 */
const AHEAD = 16;

/**
 * The worker's young generation, in MB (V8's own size on 64 bits is about twice this). Its page results are
 * short-lived, and a cold full-size build peaked 15 MiB lower with this size (224 against 239 MiB, 6 pairs) at
 * the same speed (0.96x); 12 MB peaked higher again (230 MiB: more survivors promoted to the old generation).
 */
const WORKER_YOUNG_MB = 24;

/**
 * Starts the worker on the pages of `input` not in its cache. The feed gives a product's new results once the
 * worker has them (a product with nothing to parse: none); a failed worker fails every feed still pending.
 */
export function parseAhead(input: JobInput): { feed: Feed; stop: () => void } {
  const products: ParseInput['products'] = [];
  for (const p of input.products) {
    const pages = p.pages.filter((page) => input.cached[resultKey(page.rel, page.hash, p.id)] === undefined);
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
  const message: ParseInput = { docsDir: input.docsDir, parse: input.parse, products, ahead: AHEAD };
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
