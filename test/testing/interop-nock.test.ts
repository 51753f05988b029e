/** nock and the built-in transports (table and rules: test/testing/interop.ts). */
import nock from 'nock';
import { expect, it } from 'vitest';
import { ANSWER, closedOrigin, outcome } from './interop.js';

it('nock intercepts the http and fetch transports, not undici', async () => {
  const origin = await closedOrigin();
  const seen: Record<string, string> = {};
  for (const t of ['undici', 'http', 'fetch'] as const) {
    nock(origin).post('/').reply(200, ANSWER);
    seen[t] = await outcome(origin, t);
    nock.cleanAll();
  }
  expect(seen).toEqual({ undici: 'not intercepted', http: 'intercepted', fetch: 'intercepted' });
});
