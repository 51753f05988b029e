/**
 * Transports alike: every built-in transport stops reading at its body limit (a real server streaming 100 MB
 * sees the connection dropped early), a body over the limit is never retried, and the fetch transport caps the
 * requests in flight (a queue that honours cancellation) instead of opening a socket per concurrent call.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  Client,
  FetchTransport,
  HttpTransport,
  NetworkError,
  TimeoutError,
  UndiciTransport,
  shouldRetry,
  type Transport,
} from '../../runtime/index.js';
import { Limiter } from '../../runtime/transport/limiter.js';
import { PRIVATE_KEY, PUBLIC_KEY } from './server.js';

const MiB = 2 ** 20;

/** A server with scripted behaviour per request; counts bytes written, requests in flight and open sockets. */
class LimitServer {
  server: Server | undefined;
  url = '';
  requests = 0;
  written = 0;
  inFlight = 0;
  maxInFlight = 0;
  open = 0;
  maxOpen = 0;
  /** Sockets already open (kept alive by earlier tests) when the current test started. */
  baseline = 0;
  handler: (res: ServerResponse) => void = (res) => res.end('{"RetCode":0}');

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests++;
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        res.on('close', () => this.inFlight--);
        this.handler(res);
      });
    });
    this.server.on('connection', (socket) => {
      this.open++;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      socket.on('close', () => this.open--);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', 2048, r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  reset(handler: (res: ServerResponse) => void): void {
    Object.assign(this, { requests: 0, written: 0, inFlight: 0, maxInFlight: 0, maxOpen: this.open, baseline: this.open, handler });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

/** Streams `total` bytes of a JSON string body (no content-length), respecting backpressure; stops when the client goes. */
function stream(s: LimitServer, total: number, declare = false): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(declare ? { 'content-length': String(total + 20) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    res.write('{"RetCode":0,"X":"');
    const pump = (): void => {
      while (!res.destroyed && s.written < total) {
        s.written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end('"}');
    };
    pump();
  };
}

const s = new LimitServer();
beforeAll(() => s.start());
afterAll(() => s.stop());

const transports: Record<string, (maxBodyBytes: number) => Transport> = {
  undici: (maxBodyBytes) => new UndiciTransport({ maxBodyBytes }),
  http: (maxBodyBytes) => new HttpTransport({ maxBodyBytes }),
  fetch: (maxBodyBytes) => new FetchTransport({ maxBodyBytes }),
};

function client(transport: Transport, extra: Record<string, unknown> = {}): Client {
  return new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: s.url,
    env: {},
    home: '/nonexistent',
    transport,
    backoff: { baseMs: 1, capMs: 1 },
    ...extra,
  });
}

describe.each(Object.keys(transports))('%s transport: body limit', (name) => {
  it('stops reading a 100 MB answer at the limit and does not retry it (idempotent call, maxRetries 3)', async () => {
    s.reset(stream(s, 100 * MiB));
    const transport = transports[name]?.(MiB) as Transport;
    const e = await client(transport, { maxRetries: 3 })
      .call('DescribeBig')
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('EBODYTOOLARGE');
    expect((e as Error).message).toMatch(/exceeds 1048576 bytes; pass a transport with a larger maxBodyBytes/);
    expect(s.requests).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.written).toBeLessThan(32 * MiB); // the client hung up early: it did not take the 100 MB
    transport.close?.();
  });

  it('a declared Content-Length over the limit fails without reading the body', async () => {
    s.reset(stream(s, 8 * MiB, true));
    const transport = transports[name]?.(MiB) as Transport;
    const e = await client(transport, { maxRetries: 0 })
      .call('DescribeBig')
      .catch((err: unknown) => err);
    expect((e as NetworkError).code).toBe('EBODYTOOLARGE');
    transport.close?.();
  });
});

describe('fetch transport: connection cap', () => {
  const slow =
    (ms: number) =>
    (res: ServerResponse): void => {
      const t = setTimeout(() => res.end('{"RetCode":0}'), ms);
      res.on('close', () => clearTimeout(t));
    };

  it('600 concurrent calls: at most 256 (the default) in flight and open sockets, all succeed', async () => {
    s.reset(slow(100));
    const transport = new FetchTransport();
    const c = client(transport, { timeout: 20_000 });
    const results = await Promise.all(
      Array.from({ length: 600 }, () =>
        c.call('DescribeX').then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(600);
    expect(s.requests).toBe(600);
    expect(s.maxInFlight).toBeLessThanOrEqual(256);
    expect(s.maxInFlight).toBeGreaterThan(100);
    expect(s.maxOpen - s.baseline).toBeLessThanOrEqual(256);
  });

  it('maxInFlight 4: never more than 4 requests at the server', async () => {
    s.reset(slow(20));
    const c = client(new FetchTransport({ maxInFlight: 4 }));
    await Promise.all(Array.from({ length: 40 }, () => c.call('DescribeX')));
    expect([s.requests, s.maxInFlight]).toEqual([40, 4]);
  });

  it('a queued call that times out or is aborted leaves the queue at once, is never sent, and frees nothing it did not take', async () => {
    s.reset(slow(400));
    const c = client(new FetchTransport({ maxInFlight: 1 }), { maxRetries: 0 });
    let firstDone = false;
    const first = c.call('DescribeX', {}, { timeout: 5_000 }).then(() => {
      firstDone = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    const timedOut = await c.call('DescribeX', {}, { timeout: 60 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    const aborted = await c.call('DescribeX', {}, { signal: AbortSignal.timeout(40) }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(firstDone).toBe(false); // both left the queue without waiting for the slot (held 400 ms by the first)
    await first;
    s.handler = (res) => res.end('{"RetCode":0}');
    await c.call('DescribeX'); // the slot came back
    expect(s.requests).toBe(2);
  });
});

describe('retry rule and limiter units', () => {
  it('shouldRetry: a body over the limit is never retried, even for idempotent actions', () => {
    const big = new NetworkError('too big', true, 'EBODYTOOLARGE');
    expect(shouldRetry(big, true)).toEqual({ retry: false, reason: 'response body over the limit' });
    expect(shouldRetry(new NetworkError('reset', true, 'ECONNRESET'), true).retry).toBe(true);
  });

  it('Limiter: FIFO, a cancelled waiter is dropped, release is idempotent', async () => {
    const l = new Limiter(1);
    const controller = new AbortController();
    const req = (signal: AbortSignal) => ({ url: '', headers: {}, body: '', signal });
    const order: string[] = [];
    const r1 = await l.acquire(req(new AbortController().signal));
    const p2 = l.acquire(req(controller.signal)).then(
      () => order.push('2'),
      () => order.push('2 cancelled'),
    );
    const p3 = l.acquire(req(new AbortController().signal)).then((r) => {
      order.push('3');
      r();
    });
    expect(l.waiting).toBe(2);
    controller.abort(new Error('stop'));
    await p2;
    expect(l.waiting).toBe(1);
    r1();
    r1();
    await p3;
    expect(order).toEqual(['2 cancelled', '3']);
    expect([l.active, l.waiting]).toEqual([0, 0]);
  });
});
