/**
 * Worker thread of print-thread.ts: loads the printer (print.ts, and with it ts-morph) as soon as it starts, then
 * prints the files it is sent. Messages sent while it loads wait in its port until it listens.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useCodeCache } from '../../speed/code-cache.js';
import { dispatch, type PrintReply, type PrintRequest } from './print-request.js';

const port = parentPort;
if (port !== null) {
  const data = workerData as { codeCache?: string; writeCache: boolean };
  useCodeCache(data.codeCache, data.writeCache);
  const print = await import('../../emit/print.js');
  const target = { action: print.printActionFile, interfaces: print.printInterfacesFile, facade: print.printFacadeFile };
  port.on('message', (m: PrintRequest) => {
    let reply: PrintReply;
    try {
      reply = { id: m.id, text: dispatch(m, target) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
