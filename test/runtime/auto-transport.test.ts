/**
 * The default transport where undici's dispatcher is missing (as under Bun, simulated here with an undici module
 * whose Agent has no dispatch): the default falls back to fetch and works; an explicit 'undici' is a ConfigError
 * saying to use fetch; the `proxy` option cannot fall back silently. Runs for real under Bun: test/examples.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, ConfigError } from '../../runtime/index.js';
import { AutoTransport } from '../../runtime/transport/auto.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  vi.doUnmock('undici');
  await server.stop();
});
const base = () => ({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, env: {}, home: '/nonexistent', maxRetries: 0 });

describe('real undici (Node)', () => {
  it('the default transport chooses undici on the first request', async () => {
    const auto = new AutoTransport({}, {}, false);
    expect(auto.chosen).toBeUndefined();
    server.play(ok());
    await new Client({ ...base(), transport: auto }).call('DescribeX');
    expect(auto.chosen).toBe('undici');
    auto.close();
  });
});

describe('an undici without a working dispatcher', () => {
  beforeAll(() => {
    vi.doMock('undici', () => ({ Agent: class {}, ProxyAgent: class {} }));
  });

  it('the default transport falls back to fetch, and the call succeeds', async () => {
    const auto = new AutoTransport({}, {}, false);
    server.play(ok({ Via: 'fetch' }));
    const res = await new Client({ ...base(), transport: auto }).call<{ Via: string }>('DescribeX');
    expect([res.Via, auto.chosen, server.received[0]?.signatureOk]).toEqual(['fetch', 'fetch', true]);
    server.play(ok());
    const c = new Client(base()); // no transport option: the same choice
    await expect(c.call('DescribeX')).resolves.toMatchObject({ RetCode: 0 });
    c.close();
  });

  it("an explicit transport: 'undici' is a ConfigError that says to use fetch, sent nothing", async () => {
    server.play();
    const e = await new Client({ ...base(), transport: 'undici' }).call('DescribeX').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toBe(
      "the undici transport cannot run: this runtime's undici module has no working dispatcher (Agent#dispatch is missing); use transport: 'fetch', or leave transport unset to pick it automatically",
    );
    expect(server.attempts).toBe(0);
  });

  it('the proxy option does not fall back to fetch silently', async () => {
    const e = await new Client({ ...base(), proxy: 'http://127.0.0.1:9' }).call('DescribeX').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toMatch(/^option `proxy` needs the undici transport, which cannot run here: .*; set the proxy in your runtime's fetch/);
  });
});
