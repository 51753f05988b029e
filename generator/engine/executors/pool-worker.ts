/** Worker thread of the pool (pool.ts): runs the batch it is sent, posting each product's result as it is made. */
import { parentPort } from 'node:worker_threads';
import { useCodeCache } from '../../speed/code-cache.js';
import { runBatch, type JobBatch } from '../job.js';

parentPort?.on('message', (batch: JobBatch) => {
  useCodeCache(batch.env.codeCache, false);
  runBatch(batch, (product) => parentPort?.postMessage({ product })).then(
    () => parentPort?.postMessage({ done: true }),
    (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
