import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, HttpError, NodeTransport, type FetchLike, type Transport } from '../../runtime/index.js';
import { PRIVATE_KEY, PUBLIC_KEY, slow, status, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
const base = () => ({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, env: {}, home: '/nonexistent' });

describe('transports', () => {
  it('uses a user-supplied fetch (and implies the fetch transport)', async () => {
    let calls = 0;
    const userFetch: FetchLike = async (url, init) => {
      calls++;
      return fetch(url, init);
    };
    server.play();
    await new Client({ ...base(), fetch: userFetch }).call('DescribeX');
    expect(calls).toBe(1);
    expect(server.received[0]?.signatureOk).toBe(true);
  });

  it('falls back to node-fetch when there is no global fetch', async () => {
    const original = globalThis.fetch;
    // @ts-expect-error simulate a runtime without fetch
    delete globalThis.fetch;
    try {
      server.play();
      const res = await new Client({ ...base(), transport: 'fetch' }).call<{ RetCode: number }>('DescribeX');
      expect(res.RetCode).toBe(0);
      expect(server.received[0]?.headers['user-agent']).toMatch(/^scloud-sdk\//);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('the free-socket timeout closes idle sockets but never a request in flight', async () => {
    const transport = new NodeTransport({ freeSocketTimeoutMs: 50 });
    const c = new Client({ ...base(), transport, timeout: 2_000 });
    server.play(slow(250), slow(10), slow(10));
    const before = server.connections;
    await c.call('CreateX', {});
    await c.call('CreateX', {}); // reuses the socket
    expect(server.connections - before).toBe(1);
    await new Promise((r) => setTimeout(r, 150)); // idle longer than 50 ms: the pooled socket is closed
    await c.call('CreateX', {});
    expect(server.attempts).toBe(3);
    expect(server.connections - before).toBe(2);
    transport.close();
  });

  it('observer hooks that throw do not change the outcome', async () => {
    const boom = (): never => {
      throw new Error('hook bug');
    };
    const warned: string[] = [];
    const noop = (): void => undefined;
    const c = new Client({ ...base(), backoff: { baseMs: 1, capMs: 1 }, hooks: { onResponse: boom, onRetry: boom, onError: boom },
      logger: { debug: noop, info: noop, error: noop, warn: (m) => void warned.push(m) } });
    server.play(status(503));
    const res = await c.call<{ RetCode: number }>('DescribeX');
    expect(res.RetCode).toBe(0);
    expect(server.attempts).toBe(2);
    server.play(status(400));
    const e = await c.call('DescribeX').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HttpError);
    expect(warned.filter((w) => w.startsWith('hook'))).toEqual(['hook onRetry threw (ignored): hook bug', 'hook onResponse threw (ignored): hook bug', 'hook onError threw (ignored): hook bug']);
    c.close();
  });

  it('accepts any Transport object', async () => {
    const seen: string[] = [];
    const transport: Transport = {
      send: async (req) => {
        seen.push(req.body);
        return { status: 200, header: () => undefined, body: '{"RetCode":0,"Ok":true}' };
      },
    };
    const res = await new Client({ ...base(), transport }).call<{ Ok: boolean }>('DescribeX', { A: 1 });
    expect(res.Ok).toBe(true);
    expect(seen[0]).toMatch(/^A=1&Action=DescribeX&PublicKey=.*&Signature=[0-9a-f]{40}$/);
  });

  it('is silent by default: nothing on the console, even when a call fails', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const stderr = vi.spyOn(process.stderr, 'write');
    server.play(status(503), status(503));
    const c = new Client({ ...base(), backoff: { baseMs: 1, capMs: 1 } });
    await c.call('DescribeX', {}, { maxRetries: 1 }).catch(() => undefined);
    for (const spy of [...spies, stderr]) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    c.close();
  });

  it('a logger receives lines for attempts, retries and failures', async () => {
    const lines: string[] = [];
    const log = (m: string): void => void lines.push(m);
    server.play(status(503), status(503));
    const c = new Client({ ...base(), backoff: { baseMs: 1, capMs: 1 }, logger: { debug: log, info: log, warn: log, error: log } });
    await c.call('DescribeX', {}, { maxRetries: 1 }).catch(() => undefined);
    expect(lines).toEqual([
      'DescribeX: attempt 1', expect.stringMatching(/^DescribeX: attempt 1 failed \(HTTP 503\); retrying in \d+ ms$/),
      'DescribeX: attempt 2', 'DescribeX failed after 2 attempt(s): DescribeX: HTTP error (HTTP 503): unavailable',
    ]);
    c.close();
  });
});
