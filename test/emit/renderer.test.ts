/** The worker renderer prints exactly what the in-thread renderer prints. */
import { describe, expect, it } from 'vitest';
import { emitAction } from '../../generator/emit/action.js';
import { createContext } from '../../generator/emit/context.js';
import { localRenderer, workerRenderer } from '../../generator/emit/renderer.js';
import { fixtureSpecs } from './helpers.js';

describe('renderer', () => {
  it('worker and local renderers agree', async () => {
    const specs = await fixtureSpecs();
    const ctx = createContext();
    const local = localRenderer();
    const worker = workerRenderer();
    try {
      for (const s of specs) {
        const ir = emitAction(s, new Map([['UHostInstanceSet', 'UHostInstanceSet']]), ctx);
        expect(await worker.action(ir, '// h')).toBe(await local.action(ir, '// h'));
      }
    } finally {
      await worker.close();
    }
  });
});
