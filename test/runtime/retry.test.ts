import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, Client, backoffDelay } from '../../runtime/index.js';
import { parseRetryAfter } from '../../runtime/retry.js';
import { PRIVATE_KEY, PUBLIC_KEY, slow, status, TestServer } from './server.js';

const B = { baseMs: 100, capMs: 1_000, retryAfterCapMs: 5_000 };

describe('backoff', () => {
  it('full jitter: random() * min(cap, base * 2^(retry-1))', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, B, undefined, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, B, undefined, () => 0)).toBe(0);
  });

  it('Retry-After in seconds or as an HTTP date replaces the backoff, capped', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(backoffDelay(1, B, '2', () => 0.5, now)).toBe(2_000);
    expect(backoffDelay(1, B, '120', () => 0.5, now)).toBe(5_000);
    expect(backoffDelay(1, B, 'Thu, 01 Jan 2026 00:00:03 GMT', () => 0.5, now)).toBe(3_000);
    expect(backoffDelay(1, B, 'soon', () => 0.5, now)).toBe(50);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });
});

describe('one caller signal shared by many calls', () => {
  const server = new TestServer();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('aborts every attempt and backoff sleep without piling listeners on the signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const c = new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      env: {},
      home: '/nonexistent',
      backoff: { retryAfterCapMs: 10_000 },
    });
    server.play(...Array.from({ length: 15 }, () => slow(5_000)), ...Array.from({ length: 15 }, () => status(503, 'x', { 'retry-after': '10' })));
    const controller = new AbortController();
    const calls = Array.from({ length: 30 }, () => c.call('DescribeX', {}, { signal: controller.signal }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    const t0 = Date.now();
    const results = await Promise.all(calls);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(results.every((e) => e instanceof AbortError)).toBe(true);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    c.close();
  });
});
