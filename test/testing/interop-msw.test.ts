/** msw and the built-in transports (table and rules: test/testing/interop.ts). */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { expect, it } from 'vitest';
import { ANSWER, closedOrigin, outcome } from './interop.js';

// msw patches http.request when it starts listening; the http transport imported node:http's request before that
// (an ESM binding msw does not replace), so only the fetch transport, which looks up globalThis.fetch per request,
// is seen: with msw, use transport: 'fetch'.
it('msw intercepts the fetch transport, not undici nor http', async () => {
  const origin = await closedOrigin();
  const server = setupServer(http.post(`${origin}/`, () => HttpResponse.json(ANSWER)));
  server.listen({ onUnhandledRequest: 'bypass' });
  try {
    const seen: Record<string, string> = {};
    for (const t of ['undici', 'http', 'fetch'] as const) seen[t] = await outcome(origin, t);
    expect(seen).toEqual({ undici: 'not intercepted', http: 'not intercepted', fetch: 'intercepted' });
  } finally {
    server.close();
  }
});
