/**
 * Raw responses: `{ withResponse: true }` on invoke/call resolves to `{ data, response }` (status, headers,
 * request id, attempts, duration) over every transport, without changing the plain call's type.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Client as GeneratedClient } from '../../generated/runtime/index.js';
import { createCustomImage, createCustomImageMeta, type CreateCustomImageResponse } from '../../generated/uhost/index.js';
import { Client, HttpError, type CallOptions, type WithResponse } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, status, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

const clients: Client[] = [];
afterAll(() => clients.forEach((c) => c.close()));
function client(transport: 'undici' | 'http' | 'fetch'): Client {
  const c = new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    region: 'cn-bj2',
    env: {},
    home: '/nonexistent',
    transport,
    backoff: { baseMs: 1, capMs: 1 },
  });
  clients.push(c);
  return c;
}

const withHeaders =
  (extra: Record<string, string>) =>
  (req: Parameters<ReturnType<typeof ok>>[0], res: Parameters<ReturnType<typeof ok>>[1]): void => {
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    ok({ ImageId: 'uimage-9' })(req, res);
  };

describe.each(['undici', 'http', 'fetch'] as const)('withResponse over %s', (transport) => {
  it('invoke of a generated action: data beside status, headers, request id, attempts and duration', async () => {
    server.play(status(503), withHeaders({ 'X-UCloud-Request-UUID': 'req-42', 'X-Trace': 'a' }));
    const c = client(transport);
    const { data, response } = await c.invoke<CreateCustomImageResponse>(
      createCustomImageMeta,
      { UHostId: 'u', ImageName: 'n' },
      { withResponse: true, idempotent: true },
    );
    expect(data.ImageId).toBe('uimage-9');
    expect([response.status, response.requestId, response.attempts]).toEqual([200, 'req-42', 2]);
    expect(response.header('X-Trace')).toBe('a');
    expect(response.headers).toMatchObject({ 'x-ucloud-request-uuid': 'req-42', 'x-trace': 'a', 'content-type': 'application/json' });
    expect(response.durationMs).toBeGreaterThan(0);
  });

  it('call(): same shape; a plain call still returns the body; failures still throw', async () => {
    const c = client(transport);
    server.play(ok({ A: 1 }), ok({ A: 2 }), status(400));
    const raw = await c.call<{ A: number }>('DescribeX', {}, { withResponse: true });
    expect([raw.data.A, raw.response.status, raw.response.attempts]).toEqual([1, 200, 1]);
    expect((await c.call<{ A: number }>('DescribeX')).A).toBe(2);
    await expect(c.call('DescribeX', {}, { withResponse: true })).rejects.toBeInstanceOf(HttpError);
  });
});

describe('types', () => {
  it('the plain call keeps its type; withResponse: true is only accepted where the result type says so', () => {
    const c = client('undici');
    const p = { UHostId: 'u', ImageName: 'n' };
    // Arrow functions: only their types are checked, nothing is sent.
    expectTypeOf(() => c.invoke<CreateCustomImageResponse>(createCustomImageMeta, p)).returns.resolves.toEqualTypeOf<CreateCustomImageResponse>();
    expectTypeOf(() => c.invoke<CreateCustomImageResponse>(createCustomImageMeta, p, { withResponse: true })).returns.resolves.toEqualTypeOf<
      WithResponse<CreateCustomImageResponse>
    >();
    expectTypeOf(() => c.call('DescribeX', {}, { withResponse: true })).returns.resolves.toEqualTypeOf<WithResponse<Record<string, unknown>>>();
    // A generated function: the plain call resolves to the response, { withResponse: true } to { data, response }.
    const g = undefined as unknown as GeneratedClient; // the generated functions take the generated copy of Client
    expectTypeOf(() => createCustomImage(g, p)).returns.resolves.toEqualTypeOf<CreateCustomImageResponse>();
    expectTypeOf(() => createCustomImage(g, p, { withResponse: true })).returns.resolves.toEqualTypeOf<WithResponse<CreateCustomImageResponse>>();
    // CallOptions cannot carry withResponse: true (the plain overload's result would lie); RawCallOptions does.
    // @ts-expect-error withResponse: true is not a CallOptions value
    const bad: CallOptions = { withResponse: true };
    expect(bad).toBeDefined();
  });
});
