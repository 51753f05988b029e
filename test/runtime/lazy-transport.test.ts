/** transport/lazy.ts: the module loads once, with the first request, however many are waiting; close() holds. */
import { describe, expect, it } from 'vitest';
import { LazyTransport } from '../../runtime/transport/lazy.js';
import type { Transport, TransportRequest, TransportResponse } from '../../runtime/transport/types.js';

const req = { url: 'http://127.0.0.1:1/', body: 'Action=X' } as unknown as TransportRequest;
const answer: TransportResponse = { status: 200, headers: {}, body: '{"RetCode":0}' } as unknown as TransportResponse;

function fake(): Transport & { sent: number; closed: number } {
  const t = {
    sent: 0,
    closed: 0,
    send: async () => (t.sent++, answer),
    close: () => void t.closed++,
  };
  return t;
}

describe('LazyTransport', () => {
  it('loads once for concurrent first requests, then sends through what it loaded', async () => {
    const inner = fake();
    let loads = 0;
    const lazy = new LazyTransport(async () => (loads++, inner));
    const answers = await Promise.all(Array.from({ length: 20 }, () => lazy.send(req)));
    await lazy.send(req);
    expect([loads, inner.sent, answers.every((a) => a === answer)]).toEqual([1, 21, true]);
  });

  it('close() before any request loads nothing; close() during the load closes the transport once it is there', async () => {
    let loads = 0;
    new LazyTransport(async () => (loads++, fake())).close();
    expect(loads).toBe(0);
    const inner = fake();
    const lazy = new LazyTransport(async () => inner);
    const sent = lazy.send(req);
    lazy.close();
    await sent;
    await new Promise((r) => setTimeout(r, 0));
    expect([inner.sent, inner.closed]).toEqual([1, 1]);
    lazy.close();
    expect(inner.closed).toBe(2);
  });

  it('a module that fails to load fails the request with its error', async () => {
    const lazy = new LazyTransport(() => Promise.reject(new Error('no such module')));
    await expect(lazy.send(req)).rejects.toThrow('no such module');
  });
});
