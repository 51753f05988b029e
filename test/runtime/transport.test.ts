import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:net';
import { Agent } from 'undici';
import {
  Client,
  ConfigError,
  HttpError,
  HttpTransport,
  NetworkError,
  signAndEncode,
  TimeoutError,
  UndiciTransport,
  type FetchLike,
  type Transport,
  type TransportRequest,
} from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, slow, status, TestServer } from './server.js';

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

  it('http: the free-socket timeout closes idle sockets but never a request in flight', async () => {
    const transport = new HttpTransport({ freeSocketTimeoutMs: 50 });
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

  it('undici: the keep-alive timeout closes idle connections but never a request in flight', async () => {
    const transport = new UndiciTransport({ keepAliveTimeoutMs: 50 });
    const c = new Client({ ...base(), transport, timeout: 2_000 });
    server.play(slow(250), slow(10), slow(10), slow(10), slow(10));
    await c.call('CreateX', {}); // in flight for 250 ms, longer than the keep-alive timeout
    await c.call('CreateX', {}); // (undici may open a second connection while the first is being released)
    await c.call('CreateX', {});
    const warm = server.connections;
    await c.call('CreateX', {});
    expect(server.connections).toBe(warm); // reused
    await new Promise((r) => setTimeout(r, 150)); // idle longer than 50 ms: the connections are closed
    await c.call('CreateX', {});
    expect(server.attempts).toBe(5);
    expect(server.connections).toBe(warm + 1);
    transport.close();
  });

  it('undici: a cancelled request is rejected at once, even while it waits for a free connection', async () => {
    const transport = new UndiciTransport({ connections: 1 });
    const c = new Client({ ...base(), transport, maxRetries: 0 });
    server.play(slow(400));
    const first = c.call('DescribeX', {}, { timeout: 2_000 });
    await new Promise((r) => setTimeout(r, 50)); // the only connection is busy with `first`
    const t0 = performance.now();
    const second = await c.call('DescribeX', {}, { timeout: 60 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(TimeoutError);
    expect(performance.now() - t0).toBeLessThan(250); // did not wait for `first` to free the connection
    await expect(first).resolves.toMatchObject({ RetCode: 0 });
    transport.close();
  });

  it('undici: a body over maxBodyBytes is a NetworkError; a refused connection is one that was never sent', async () => {
    const small = new UndiciTransport({ maxBodyBytes: 64 });
    server.play(ok({ Big: 'x'.repeat(500) }));
    const big = await new Client({ ...base(), transport: small, maxRetries: 0 }).call('DescribeX').catch((e: unknown) => e);
    expect(big).toBeInstanceOf(NetworkError);
    expect((big as NetworkError).code).toBe('EBODYTOOLARGE');
    small.close();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as { port: number };
    await new Promise((r) => closed.close(r)); // nothing listens on `port` now
    const refused = await new Client({ ...base(), baseUrl: `http://127.0.0.1:${port}/`, maxRetries: 0 }).call('CreateX').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetworkError);
    expect([(refused as NetworkError).code, (refused as NetworkError).sent]).toEqual(['ECONNREFUSED', false]);
  });

  it('undici: honours a plain AbortSignal, uses a caller dispatcher and leaves closing it to the caller', async () => {
    const dispatcher = new Agent();
    const transport = new UndiciTransport({ dispatcher });
    server.play(slow(300));
    const controller = new AbortController();
    const body = signAndEncode({ Action: 'DescribeX', PublicKey: PUBLIC_KEY }, PRIVATE_KEY); // the server answers unsigned requests at once
    const req: TransportRequest = { url: server.url, headers: {}, body, signal: controller.signal };
    const pending = transport.send(req).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('stop')), 30);
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('stop');
    transport.close();
    expect(dispatcher.destroyed).toBe(false);
    server.play(ok({ Again: 1 }));
    const res = await transport.send({ ...req, signal: new AbortController().signal });
    expect([res.status, JSON.parse(res.body).Again, res.header('content-type')]).toEqual([200, 1, 'application/json']);
    await dispatcher.close();
  });

  it('observer hooks that throw do not change the outcome', async () => {
    const boom = (): never => {
      throw new Error('hook bug');
    };
    const warned: string[] = [];
    const noop = (): void => undefined;
    const c = new Client({
      ...base(),
      backoff: { baseMs: 1, capMs: 1 },
      hooks: { onResponse: boom, onRetry: boom, onError: boom },
      logger: { debug: noop, info: noop, error: noop, warn: (m) => void warned.push(m) },
    });
    server.play(status(503));
    const res = await c.call<{ RetCode: number }>('DescribeX');
    expect(res.RetCode).toBe(0);
    expect(server.attempts).toBe(2);
    server.play(status(400));
    const e = await c.call('DescribeX').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HttpError);
    expect(warned.filter((w) => w.startsWith('hook'))).toEqual([
      'hook onRetry threw (ignored): hook bug',
      'hook onResponse threw (ignored): hook bug',
      'hook onError threw (ignored): hook bug',
    ]);
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
    // One line per attempt (the format changed with SCLOUD_LOG/logLevel; see logging.test.ts).
    expect(lines).toEqual([
      expect.stringMatching(
        /^DescribeX attempt 1: HTTP 503, \d+\.\d ms, request -: HttpError: DescribeX: HTTP error \(HTTP 503\): unavailable; retrying in \d+ ms \(HTTP 503\)$/,
      ),
      expect.stringMatching(/^DescribeX attempt 2: HTTP 503, \d+\.\d ms, request -: HttpError: .*; failed after 2 attempt\(s\) \(HTTP 503; no retries left\)$/),
    ]);
    c.close();
  });
});

describe('undici transport without undici', () => {
  afterAll(() => {
    vi.doUnmock('undici');
  });

  it('fails the call with a ConfigError that says what to do, without retrying', async () => {
    vi.doMock('undici', () => {
      throw new Error('simulated: undici is missing');
    });
    server.play();
    const e = await new Client({ ...base(), transport: new UndiciTransport(), backoff: { baseMs: 1, capMs: 1 } })
      .call('DescribeX')
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConfigError);
    // undici is loaded by name at run time (runtime/optional-import.ts), so a bundle never inlines it: the fix is to install it.
    expect((e as Error).message).toMatch(
      /^the undici transport cannot run: undici could not be loaded \(.+\); install undici beside the SDK \(a bundle loads it from node_modules at run time\), or use transport: 'fetch' or 'http'$/s,
    );
    expect(String((e as { cause?: { cause?: unknown } }).cause?.cause)).toMatch(/simulated: undici is missing/);
    expect(server.attempts).toBe(0);
  });
});
