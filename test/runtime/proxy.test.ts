/**
 * Proxies: the default (undici) transport honours HTTP(S)_PROXY / NO_PROXY (and lower-case forms) and the
 * `proxy` option, through a real forward proxy written here (absolute-URI requests for http targets; CONNECT for
 * https ones, refused, to see the tunnel asked for). Proxy credentials never show. NO_PROXY matches as curl does.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ConfigError, NetworkError, noProxyMatches, type ClientConfig, type Logger } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

interface Seen {
  readonly url: string | undefined;
  readonly method: string | undefined;
  readonly auth: string | undefined;
}

/** A forward proxy: forwards absolute-URI requests, refuses CONNECT (recording the target), can demand auth. */
class ForwardProxy {
  readonly seen: Seen[] = [];
  server: Server | undefined;
  url = '';
  /** When set, requests without this Proxy-Authorization get 407 (whose body echoes what was sent). */
  requireAuth: string | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const auth = req.headers['proxy-authorization'];
      this.seen.push({ url: req.url, method: req.method, auth });
      if (this.requireAuth !== undefined && auth !== this.requireAuth) {
        res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' });
        res.end(`proxy auth failed for ${auth ?? 'nobody'}`);
        return;
      }
      const target = new URL(req.url ?? '');
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = httpRequest(
        { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    this.server.on('connect', (req, socket) => {
      this.seen.push({ url: req.url, method: 'CONNECT', auth: req.headers['proxy-authorization'] });
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

const api = new TestServer();
const proxyA = new ForwardProxy();
const proxyB = new ForwardProxy();
beforeAll(async () => {
  await Promise.all([api.start(), proxyA.start(), proxyB.start()]);
});
afterAll(async () => {
  await Promise.all([api.stop(), proxyA.stop(), proxyB.stop()]);
});

const clients: Client[] = [];
afterAll(() => clients.forEach((c) => c.close()));
function client(extra: Partial<ClientConfig>): Client {
  const c = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: api.url, env: {}, home: '/nonexistent', maxRetries: 0, ...extra });
  clients.push(c);
  return c;
}

/** Makes one call; returns which proxy saw it ('A', 'B' or 'direct'). */
async function route(extra: Partial<ClientConfig>): Promise<string> {
  proxyA.seen.length = 0;
  proxyB.seen.length = 0;
  api.play(ok({ Via: 'api' }));
  const res = await client(extra).call<{ Via: string }>('DescribeX');
  expect(res.Via).toBe('api');
  expect(api.received[0]?.signatureOk).toBe(true);
  if (proxyA.seen.length > 0) return 'A';
  if (proxyB.seen.length > 0) return 'B';
  return 'direct';
}

describe('environment proxies (default transport)', () => {
  const port = (): string => new URL(api.url).port;

  it('HTTP_PROXY sends an absolute-URI request through the proxy; lower-case http_proxy wins over HTTP_PROXY', async () => {
    expect(await route({ env: { HTTP_PROXY: proxyA.url } })).toBe('A');
    expect(proxyA.seen).toEqual([{ url: `${api.url}`, method: 'POST', auth: undefined }]);
    expect(await route({ env: { HTTP_PROXY: proxyA.url, http_proxy: proxyB.url } })).toBe('B');
    expect(await route({ env: { HTTPS_PROXY: proxyA.url } })).toBe('direct'); // an http base URL uses HTTP_PROXY only
    expect(await route({ env: {} })).toBe('direct');
  });

  it.each([
    ['127.0.0.1', 'direct'],
    ['*', 'direct'],
    ['localhost,127.0.0.0/8', 'direct'],
    ['example.com, 127.0.0.1', 'direct'],
    ['127.0.0.2', 'A'],
    ['127.0.0.1:1', 'A'],
    ['.0.0.1', 'A'],
  ])('NO_PROXY=%s -> %s', async (noProxy, expected) => {
    expect(await route({ env: { HTTP_PROXY: proxyA.url, NO_PROXY: noProxy } })).toBe(expected);
  });

  it('NO_PROXY with the matching port, and lower-case no_proxy', async () => {
    expect(await route({ env: { HTTP_PROXY: proxyA.url, NO_PROXY: `127.0.0.1:${port()}` } })).toBe('direct');
    expect(await route({ env: { http_proxy: proxyA.url, no_proxy: '127.0.0.1' } })).toBe('direct');
  });

  it('the proxy option beats the env; proxy: false ignores it', async () => {
    expect(await route({ env: { HTTP_PROXY: proxyA.url }, proxy: proxyB.url })).toBe('B');
    expect(await route({ env: { HTTP_PROXY: proxyA.url }, proxy: false })).toBe('direct');
    expect(await route({ env: {}, proxy: proxyA.url, transport: 'undici' })).toBe('A');
  });

  it('an https base URL asks the proxy for a CONNECT tunnel to host:443', async () => {
    proxyA.seen.length = 0;
    const c = client({ baseUrl: 'https://api.example.invalid/', env: { HTTPS_PROXY: proxyA.url } });
    const e = await c.call('DescribeX').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(NetworkError);
    expect([(e as NetworkError).message, (e as NetworkError).sent]).toEqual([
      'DescribeX: the proxy refused the tunnel to api.example.invalid (HTTP 403)',
      false,
    ]);
    expect(proxyA.seen).toEqual([{ url: 'api.example.invalid:443', method: 'CONNECT', auth: undefined }]);
  });
});

describe('proxy credentials are secrets', () => {
  const user = 'proxyuser';
  const password = 'Pr0xy p@ss/wd';
  const withCreds = (): string => proxyA.url.replace('http://', `http://${user}:${encodeURIComponent(password)}@`);

  it('sent as Proxy-Authorization, never shown in settings, logs or errors', async () => {
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    proxyA.requireAuth = expected;
    const lines: string[] = [];
    const log = (m: string, d?: unknown): void => void lines.push(m, JSON.stringify(d));
    const logger: Logger = { debug: log, info: log, warn: log, error: log };
    try {
      const c = client({ env: { HTTP_PROXY: withCreds() }, logger, logLevel: 'debug' });
      api.play(ok());
      await c.call('DescribeX');
      expect(proxyA.seen.at(-1)?.auth).toBe(expected);
      expect(JSON.stringify(c.settings.proxy)).toBe(`"http://[redacted]@${proxyA.url.slice('http://'.length)}"`);
      expect(c.settings.proxy?.origin).toBe('env HTTP_PROXY');
      // a wrong password: 407, the proxy's page echoes the header; nothing of the credentials shows
      const wrong = client({ proxy: proxyA.url.replace('http://', `http://${user}:${encodeURIComponent(`${password}x`)}@`), logger, logLevel: 'debug' });
      const e = await wrong.call('DescribeX').catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ConfigError); // not retried: the same credentials would fail again
      expect((e as Error).message).toMatch(
        /^the proxy refused the request to 127\.0\.0\.1:\d+: it asks for authentication \(HTTP 407\); put user:password in the proxy URL/,
      );
      const all = [...lines, inspect(e, { depth: 10 }), inspect(c.settings, { depth: 5 }), JSON.stringify(wrong.settings)].join('\n');
      for (const secret of [password, encodeURIComponent(password), `${user}:`]) expect(all).not.toContain(secret);
    } finally {
      proxyA.requireAuth = undefined;
    }
  });

  it('a malformed proxy URL is a ConfigError that does not quote it', () => {
    const e = (() => {
      try {
        client({ env: { HTTPS_PROXY: 'http://user:se cret@[bad' }, baseUrl: 'https://api.example/' });
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('env HTTPS_PROXY is not a valid proxy URL; use http://[user:password@]host:port');
    expect(() => client({ proxy: 'socks4://p:1' })).toThrow(/^option `proxy` must be an http:\/\/ or https:\/\/ proxy URL, got scheme socks4:/);
  });

  it.each(['http', 'fetch'] as const)('the proxy option with transport %s is a ConfigError; the env is not used there', async (transport) => {
    expect(() => client({ proxy: proxyA.url, transport })).toThrow(
      new ConfigError(
        `option \`proxy\` does not apply to transport '${transport}'; use the default undici transport for proxies (leave transport unset, or pass 'undici')`,
      ),
    );
    expect(await route({ env: { HTTP_PROXY: proxyA.url }, transport })).toBe('direct');
  });
});

describe('NO_PROXY matching (curl rules)', () => {
  it.each<[string, string, number, boolean]>([
    ['example.com', 'example.com', 443, true],
    ['example.com', 'api.example.com', 443, true],
    ['example.com', 'notexample.com', 443, false],
    ['.example.com', 'example.com', 443, true],
    ['*.example.com', 'a.b.example.com', 443, true],
    ['EXAMPLE.com.', 'Api.Example.COM', 443, true],
    ['*', 'anything', 1, true],
    ['a.com,*', 'b.com', 1, true],
    ['', 'example.com', 443, false],
    ['  a.com ,, b.com  ', 'b.com', 80, true],
    ['example.com:8443', 'example.com', 443, false],
    ['example.com:8443', 'example.com', 8443, true],
    ['10.0.0.0/8', '10.1.2.3', 80, true],
    ['10.0.0.0/8', '11.1.2.3', 80, false],
    ['10.1.2.3', '10.1.2.3', 80, true],
    ['0.0.1', '10.0.0.1', 80, false],
    ['::1', '[::1]', 80, true],
    ['[::1]:8080', '[::1]', 8080, true],
    ['fd00::/8', 'fd12:3456::1', 80, true],
    ['fd00::/8', 'fe80::1', 80, false],
  ])('%j excludes %s:%i -> %s', (list, host, port, expected) => {
    expect(noProxyMatches(list, host, port)).toBe(expected);
  });
});
