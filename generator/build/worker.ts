/** Worker thread of the build pool: runs the jobs it is sent (product-job.ts) and posts the results back. */
import { parentPort } from 'node:worker_threads';
import { runJob, type JobInput } from './product-job.js';

parentPort?.on('message', (m: { id: number; input: JobInput }) => {
  runJob(m.input).then(
    (result) => parentPort?.postMessage({ id: m.id, result }),
    (e: unknown) => parentPort?.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
