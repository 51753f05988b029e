/**
 * Worker thread of print-thread.ts: loads the printer (render.ts, and with it ts-morph) as soon as it starts,
 * then prints the files it is sent. Messages sent while it loads wait in its port until it listens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useCodeCache } from '../emit/code-cache.js';

export interface PrintRequest {
  id: number;
  op: 'action' | 'interfaces' | 'facade';
  args: unknown[];
}

export type PrintReply = { id: number; text: string } | { id: number; error: string };

const port = parentPort;
if (port !== null) {
  const data = workerData as { codeCache?: string; writeCache: boolean };
  useCodeCache(data.codeCache, data.writeCache);
  const render = await import('../emit/render.js');
  const print = (m: PrintRequest): string => {
    const a = m.args as never[];
    if (m.op === 'action') return render.renderActionFile(a[0]!, a[1]!);
    if (m.op === 'interfaces') return render.renderInterfacesFile(a[0]!, a[1]!);
    return render.renderFacadeFile(a[0]!, a[1]!);
  };
  port.on('message', (m: PrintRequest) => {
    let reply: PrintReply;
    try {
      reply = { id: m.id, text: print(m) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
