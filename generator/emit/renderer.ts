/**
 * Where IR becomes text: in this thread (lazy import of render.ts, so cached runs never load ts-morph), or
 * in a worker thread started before the parse stage, so loading ts-morph and printing overlap with parsing
 * and YAML serialisation on the second core (`build` uses it on a cold cache).
 */
import { Worker } from 'node:worker_threads';
import type { ActionFileIR } from './action.js';
import type { DocIR } from './jsdoc.js';
import type { InterfaceIR } from './types.js';

/** The product's class facade: one method per action function, delegating with `this` as the client. */
export interface FacadeIR {
  name: string;
  product: string;
  imports: { file: string; names: string[] }[];
  /** Request/response/model type names, imported type-only from the product index. */
  types: string[];
  methods: { name: string; docs: DocIR; isAsync: boolean; params: { name: string; type: string; optional: boolean }[]; returnType: string; callee: string; args: string[] }[];
}

export interface Renderer {
  action(ir: ActionFileIR, header: string): Promise<string>;
  interfaces(header: string, list: InterfaceIR[]): Promise<string>;
  facade(header: string, ir: FacadeIR): Promise<string>;
  close(): Promise<void>;
}

export function localRenderer(): Renderer {
  const load = async (): Promise<typeof import('./render.js')> => import('./render.js');
  return {
    action: async (ir, header) => (await load()).renderActionFile(ir, header),
    interfaces: async (header, list) => (await load()).renderInterfacesFile(header, list),
    facade: async (header, ir) => (await load()).renderFacadeFile(header, ir),
    close: async () => undefined,
  };
}

interface Reply {
  id: number;
  text?: string;
  error?: string;
}

/** A renderer in a worker thread; falls back to the local one if the worker cannot start. */
export function workerRenderer(): Renderer {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./render-worker.mjs', import.meta.url));
  } catch {
    return localRenderer();
  }
  worker.unref();
  // A worker that cannot start (no tsx, no threads) is not fatal: its calls are rendered here instead.
  const local = localRenderer();
  type Job = { resolve: (t: string) => void; reject: (e: Error) => void; fallback: () => Promise<string> };
  const pending = new Map<number, Job>();
  let next = 0;
  let failed = false;
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.text ?? '');
  });
  worker.on('error', () => {
    failed = true;
    for (const p of pending.values()) p.fallback().then(p.resolve, p.reject);
    pending.clear();
  });
  const call = (msg: object, fallback: () => Promise<string>): Promise<string> => {
    if (failed) return fallback();
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, fallback });
      worker.postMessage({ id, ...msg });
    });
  };
  return {
    action: (ir, header) => call({ kind: 'action', ir, header }, () => local.action(ir, header)),
    interfaces: (header, list) => call({ kind: 'interfaces', header, list }, () => local.interfaces(header, list)),
    facade: (header, ir) => call({ kind: 'facade', header, ir }, () => local.facade(header, ir)),
    close: async () => {
      await worker.terminate();
    },
  };
}
