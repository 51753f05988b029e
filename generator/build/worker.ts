/** Worker thread of the build pool: runs the jobs it is sent (product-job.ts), posting each product's result as it is made. */
import { parentPort } from 'node:worker_threads';
import { useCodeCache } from '../emit/code-cache.js';
import { runJob, type JobInput } from './product-job.js';

parentPort?.on('message', (m: { id: number; input: JobInput }) => {
  useCodeCache(m.input.codeCache, false);
  runJob(m.input, (product) => parentPort?.postMessage({ id: m.id, product })).then(
    () => parentPort?.postMessage({ id: m.id, done: true }),
    (e: unknown) => parentPort?.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
