/**
 * A renderer that prints in a worker thread (print-worker.ts), started before the first file is needed, so that
 * loading ts-morph (~0.15 s, even from the code cache) overlaps this thread's parsing and emitting. For small
 * jobs on two cores and more: the one-page change. The worker runs the same render.ts, so the text is the same.
 * Should the worker fail (it could not start, it died), what it had not printed is printed in this thread.
 */
import type { Worker } from 'node:worker_threads';
import { localRenderer, type Renderer } from '../emit/renderer.js';
import { dispatch, type PrintReply, type PrintRequest } from './print-request.js';
import { startWorker } from './worker-argv.js';

export const PRINT_WORKER = new URL('./print-worker.js', import.meta.url);

interface Pending {
  request: PrintRequest;
  resolve: (text: string) => void;
  reject: (e: Error) => void;
}

/** A print thread: `codeCache`/`writeCache` as for useCodeCache (emit/code-cache.ts); `url`: its module (tests). */
export function printThread(codeCache: string | undefined, writeCache: boolean, url: URL = PRINT_WORKER): Renderer {
  const local = localRenderer();
  let worker: Worker;
  try {
    worker = startWorker(url, { workerData: { codeCache, writeCache } });
  } catch {
    return local; // no thread to be had (a resource limit): this thread prints
  }
  const pending = new Map<number, Pending>();
  let next = 0;
  let failed = false;
  const inThisThread = (r: PrintRequest): Promise<string> => dispatch(r, local);
  const fail = (): void => {
    if (failed) return;
    failed = true;
    void worker.terminate();
    for (const p of pending.values()) inThisThread(p.request).then(p.resolve, p.reject);
    pending.clear();
  };
  worker.on('message', (m: PrintReply) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if ('text' in m) p.resolve(m.text);
    else p.reject(new Error(`print worker failed: ${m.error}`));
  });
  worker.once('error', fail);
  worker.once('exit', fail);
  const send = (op: PrintRequest['op'], args: unknown[]): Promise<string> => {
    const request: PrintRequest = { id: next++, op, args };
    if (failed) return inThisThread(request);
    return new Promise((resolve, reject) => {
      pending.set(request.id, { request, resolve, reject });
      worker.postMessage(request);
    });
  };
  return {
    action: (ir, header) => send('action', [ir, header]),
    interfaces: (header, list) => send('interfaces', [header, list]),
    facade: (header, ir) => send('facade', [header, ir]),
    close: async () => {
      failed = true;
      await worker.terminate();
    },
  };
}
