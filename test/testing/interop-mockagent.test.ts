/** undici's MockAgent and the built-in transports (table and rules: test/testing/interop.ts). */
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { expect, it } from 'vitest';
import { UndiciTransport } from '../../runtime/index.js';
import { ANSWER, closedOrigin, outcome } from './interop.js';

it("undici's MockAgent answers the undici transport given as its dispatcher; as the global dispatcher, the fetch transport", async () => {
  const origin = await closedOrigin();
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.get(origin).intercept({ path: '/', method: 'POST' }).reply(200, ANSWER).persist();
  expect(await outcome(origin, new UndiciTransport({ dispatcher: agent }))).toBe('intercepted');
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(agent);
  try {
    const seen: Record<string, string> = {};
    for (const t of ['undici', 'http', 'fetch'] as const) seen[t] = await outcome(origin, t);
    expect(seen).toEqual({ undici: 'not intercepted', http: 'not intercepted', fetch: 'intercepted' });
  } finally {
    setGlobalDispatcher(previous);
    await agent.close();
  }
});
