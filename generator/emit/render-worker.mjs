// Worker thread of renderer.ts: loads the TypeScript sources through tsx (like bin/scloud-gen.js), then
// prints the IR it is sent with render.ts (ts-morph structures) and posts the text back.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const render = await import('./render.ts');
parentPort.on('message', (m) => {
  try {
    const text =
      m.kind === 'action'
        ? render.renderActionFile(m.ir, m.header)
        : m.kind === 'facade'
          ? render.renderFacadeFile(m.header, m.ir)
          : render.renderInterfacesFile(m.header, m.list);
    parentPort.postMessage({ id: m.id, text });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: `render failed: ${e instanceof Error ? e.message : String(e)}` });
  }
});
