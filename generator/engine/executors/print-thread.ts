/**
 * The print thread (speed measure `print-thread`): a Printer that prints in a worker thread (print-worker.ts),
 * started before the first file is needed, so that loading ts-morph overlaps this thread's reading, parsing and
 * emitting. For small batches (a page changed) on two cores and more. The worker runs the same print.ts, so the text
 * is the same; should it fail (it could not start, it died), what it had not printed is printed in this thread.
 * Figures and the condition for deleting it: ARCHITECTURE.md.
 */
import type { Worker } from 'node:worker_threads';
import { localPrinter, type Printer } from '../../emit/printer.js';
import { dispatch, type PrintReply, type PrintRequest } from './print-request.js';
import { startWorker, workerModule } from './start-worker.js';

const PRINT_WORKER = workerModule('print-worker', import.meta.url);

export interface PrintThread extends Printer {
  close(): Promise<void>;
}

interface Pending {
  request: PrintRequest;
  resolve: (text: string) => void;
  reject: (e: Error) => void;
}

/** A print thread whose worker uses the code cache in `codeCache` (and makes its entries); `url`: its module (tests). */
export function startPrintThread(codeCache: string | undefined, url: URL = PRINT_WORKER): PrintThread {
  const local = localPrinter();
  let worker: Worker;
  try {
    worker = startWorker(url, { workerData: { codeCache, writeCache: true } });
  } catch {
    return { ...local, close: async () => undefined }; // no thread to be had (a resource limit): this thread prints
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
    interfaces: (header, list, aliases) => send('interfaces', [header, list, aliases ?? []]),
    facade: (header, ir) => send('facade', [header, ir]),
    close: async () => {
      failed = true;
      await worker.terminate();
    },
  };
}
