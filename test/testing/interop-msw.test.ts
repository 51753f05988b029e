/** msw and the built-in transports (table and rules: test/testing/interop.ts). */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { expect, it } from 'vitest';
import { ANSWER, closedOrigin, outcome } from './interop.js';

// msw patches node:http's request and the global fetch when it starts listening; the http transport takes request
// from the node:http module at each request (runtime/platform.ts, no import binding) and the fetch transport looks
// up globalThis.fetch per request, so both are seen; undici's own sockets are not.
it('msw intercepts the http and fetch transports, not undici', async () => {
  const origin = await closedOrigin();
  const server = setupServer(http.post(`${origin}/`, () => HttpResponse.json(ANSWER)));
  server.listen({ onUnhandledRequest: 'bypass' });
  try {
    const seen: Record<string, string> = {};
    for (const t of ['undici', 'http', 'fetch'] as const) seen[t] = await outcome(origin, t);
    expect(seen).toEqual({ undici: 'not intercepted', http: 'intercepted', fetch: 'intercepted' });
  } finally {
    server.close();
  }
});
