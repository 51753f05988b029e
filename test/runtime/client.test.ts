import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  AuthError,
  Client,
  HttpError,
  NetworkError,
  ThrottleError,
  TimeoutError,
  ValidationError,
  type ActionMeta,
  type ClientConfig,
} from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, reset, retCode, slow, status, TestServer, text } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

const FAST = { baseMs: 1, capMs: 5, retryAfterCapMs: 50 };
const clients: Client[] = [];
function client(transport: 'undici' | 'http' | 'fetch', extra: Partial<ClientConfig> = {}): Client {
  const c = new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    region: 'cn-bj2',
    zone: 'cn-bj2-04',
    projectId: 'org-1',
    backoff: FAST,
    transport,
    env: {},
    home: '/nonexistent',
    ...extra,
  });
  clients.push(c);
  return c;
}
afterAll(() => clients.forEach((c) => c.close()));

const CREATE: ActionMeta = {
  action: 'CreateCustomImage',
  idempotent: false,
  params: {
    f: { Region: 's', Zone: 's', ProjectId: 's', UHostId: 's', ImageName: 's', DataUDiskIds: ['s'], Count: 'i' },
    r: ['Region', 'UHostId', 'ImageName'],
  },
};
const DESCRIBE: ActionMeta = { action: 'DescribeImage', idempotent: true, params: { f: { Region: 's', Zone: 's', Limit: 'i' }, r: ['Region'] } };

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe.each(['undici', 'http', 'fetch'] as const)('client over the %s transport', (transport) => {
  it('sends a signed form POST with defaults filled and returns the body', async () => {
    server.play(ok({ ImageId: 'uimage-1' }));
    const res = await client(transport, { userAgent: 'test/1' }).invoke<{ ImageId: string }>(CREATE, {
      UHostId: 'uhost-1',
      ImageName: 'web',
      DataUDiskIds: ['bs-1', 'bs-2'],
    });
    expect(res.ImageId).toBe('uimage-1');
    const [r] = server.received;
    expect(r?.signatureOk).toBe(true);
    const { Signature, ...params } = r?.params ?? {};
    expect(Signature).toMatch(/^[0-9a-f]{40}$/);
    expect(params).toEqual({
      UHostId: 'uhost-1',
      ImageName: 'web',
      'DataUDiskIds.0': 'bs-1',
      'DataUDiskIds.1': 'bs-2',
      Region: 'cn-bj2',
      Zone: 'cn-bj2-04',
      ProjectId: 'org-1',
      Action: 'CreateCustomImage',
      PublicKey: PUBLIC_KEY,
    });
    expect(r?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(r?.headers['user-agent']).toMatch(/^scloud-sdk\/\S+ node\/v\d+\S* test\/1$/);
  });

  it('call() fills Region and ProjectId but not Zone, and explicit values win', async () => {
    server.play(ok(), ok());
    const c = client(transport);
    await c.call('DescribeUHostInstance', { Limit: 10 });
    await c.call('DescribeUHostInstance', { Region: 'hk', Zone: 'hk-01' });
    const [a, b] = server.received.map((r) => r.params);
    expect(a).toMatchObject({ Region: 'cn-bj2', ProjectId: 'org-1', Limit: '10' });
    expect(a?.Zone).toBeUndefined();
    expect(b).toMatchObject({ Region: 'hk', Zone: 'hk-01' });
  });

  it('retries 503 with Retry-After for idempotent actions, capped, then succeeds', async () => {
    server.play(status(503, 'busy', { 'retry-after': '10' }), ok({ X: 1 }));
    const t0 = Date.now();
    const res = await client(transport).invoke<{ X: number }>(DESCRIBE, {});
    expect(res.X).toBe(1);
    expect(server.attempts).toBe(2);
    const gap = (server.received[1]?.at ?? 0) - (server.received[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(45); // Retry-After 10 s capped at retryAfterCapMs = 50
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it.each([429, 502, 503, 504])('HTTP %i: idempotent gets maxRetries + 1 attempts, non-idempotent 1', async (code) => {
    server.play(...Array.from({ length: 10 }, () => status(code)));
    const e = await rejection(client(transport, { maxRetries: 2 }).invoke(DESCRIBE, {}));
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(code);
    expect(server.attempts).toBe(3);
    server.play(...Array.from({ length: 10 }, () => status(code)));
    await rejection(client(transport, { maxRetries: 2 }).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }));
    expect(server.attempts).toBe(1);
  });

  it('HTTP 500 and 400 are never retried', async () => {
    server.play(status(500), status(400));
    expect(await rejection(client(transport).invoke(DESCRIBE, {}))).toBeInstanceOf(HttpError);
    expect(server.attempts).toBe(1);
  });

  it('RetCode 150 and 153 are retried for idempotent actions only; 153 is a ThrottleError', async () => {
    server.play(retCode(150), retCode(153), ok());
    await client(transport).invoke(DESCRIBE, {});
    expect(server.attempts).toBe(3);
    server.play(retCode(153), ok());
    const e = await rejection(client(transport).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }));
    expect(e).toBeInstanceOf(ThrottleError);
    expect(server.attempts).toBe(1);
  });

  it('the per-call idempotent option overrides the spec', async () => {
    server.play(status(503), ok());
    await client(transport).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }, { idempotent: true });
    expect(server.attempts).toBe(2);
    server.play(status(503), ok());
    await rejection(client(transport).invoke(DESCRIBE, {}, { idempotent: false }));
    expect(server.attempts).toBe(1);
  });

  it('maxRetries 0 means exactly one attempt (client option and per call)', async () => {
    server.play(status(503), status(503), ok());
    await rejection(client(transport, { maxRetries: 0 }).invoke(DESCRIBE, {}));
    expect(server.attempts).toBe(1);
    server.play(status(503), status(503), ok());
    await rejection(client(transport).invoke(DESCRIBE, {}, { maxRetries: 0 }));
    expect(server.attempts).toBe(1);
  });

  it('other RetCodes give ApiError with message, action and request id; 170-174 give AuthError; no retry', async () => {
    server.play(retCode(230, 'Image not found', { 'x-ucloud-request-uuid': 'req-123' }));
    const e = (await rejection(client(transport).invoke(DESCRIBE, {}))) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect([e.retCode, e.apiMessage, e.action, e.requestId]).toEqual([230, 'Image not found', 'DescribeImage', 'req-123']);
    expect(server.attempts).toBe(1);
    const bad = new Client({ publicKey: PUBLIC_KEY, privateKey: 'wrong-key', baseUrl: server.url, transport, env: {}, home: '/nonexistent' });
    clients.push(bad);
    server.play();
    const auth = (await rejection(bad.call('DescribeImage'))) as AuthError;
    expect(auth).toBeInstanceOf(AuthError);
    expect(auth.retCode).toBe(171);
    expect(server.attempts).toBe(1);
  });

  it('a reset connection is retried for idempotent actions only', async () => {
    server.play(reset(), ok());
    await client(transport).invoke(DESCRIBE, {});
    expect(server.attempts).toBe(2);
    server.play(reset(), ok());
    const e = (await rejection(client(transport).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }))) as NetworkError;
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.sent).toBe(true);
    expect(server.attempts).toBe(1);
  });

  it('a refused connection (never sent) is retried even for non-idempotent actions', async () => {
    const closed = new TestServer();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    let retries = 0;
    const c = client(transport, { baseUrl: url, maxRetries: 3, hooks: { onRetry: () => void retries++ } });
    const e = (await rejection(c.invoke(CREATE, { UHostId: 'u', ImageName: 'n' }))) as NetworkError;
    expect(e).toBeInstanceOf(NetworkError);
    expect([e.sent, e.code]).toEqual([false, 'ECONNREFUSED']);
    expect(retries).toBe(3);
  });

  it('times out each attempt within bounds; idempotent retries, non-idempotent does not', async () => {
    server.play(slow(2_000), slow(2_000), slow(2_000));
    let t0 = Date.now();
    const e = (await rejection(client(transport, { timeout: 100, maxRetries: 1 }).invoke(DESCRIBE, {}))) as TimeoutError;
    let took = Date.now() - t0;
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.timeoutMs).toBe(100);
    expect(server.attempts).toBe(2);
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(800);
    server.play(slow(2_000));
    t0 = Date.now();
    await rejection(client(transport).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }, { timeout: 80 }));
    took = Date.now() - t0;
    expect(server.attempts).toBe(1);
    expect(took).toBeGreaterThanOrEqual(75);
    expect(took).toBeLessThan(500);
  });

  it('an abort during a backoff sleep ends the call at once', async () => {
    server.play(status(503, 'busy', { 'retry-after': '5' }), ok());
    const controller = new AbortController();
    const c = client(transport, { backoff: { retryAfterCapMs: 5_000 } });
    setTimeout(() => controller.abort(), 150);
    const t0 = Date.now();
    const e = await rejection(c.invoke(DESCRIBE, {}, { signal: controller.signal }));
    expect(e).toBeInstanceOf(AbortError);
    expect(Date.now() - t0).toBeLessThan(600);
    expect(server.attempts).toBe(1);
  });

  it('an abort during an attempt gives AbortError; an aborted signal sends nothing', async () => {
    server.play(slow(2_000));
    const e = await rejection(client(transport).invoke(DESCRIBE, {}, { signal: AbortSignal.timeout(50) }));
    expect(e).toBeInstanceOf(AbortError);
    server.play();
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(client(transport).invoke(DESCRIBE, {}, { signal: controller.signal }))).toBeInstanceOf(AbortError);
    expect(server.attempts).toBe(0);
  });

  it('non-JSON, missing RetCode and non-object bodies are errors, never success', async () => {
    server.play(text('<html>maintenance</html>'), text('{"Action":"X"}', 'application/json'), text('[1]', 'application/json'));
    // The script is for this test's requests only: the previous test's aborted request may reach the server late.
    server.accept = (params) => params.Case === 'bodies';
    for (const problem of [/expected a JSON body, got text\/html.*maintenance/, /no numeric RetCode/, /no numeric RetCode/]) {
      const e = await rejection(client(transport).invoke(DESCRIBE, { Case: 'bodies' }));
      expect(e).toBeInstanceOf(HttpError);
      expect(e.message).toMatch(problem);
    }
    expect(server.attempts).toBe(3);
  });
});

describe('validation before sending', () => {
  it('reports missing required params and wrong types, sends nothing', async () => {
    server.play();
    // A number for a string param means the same on the wire (runtime/wire-equivalent.ts); objects and 'ten' do not.
    const e = (await rejection(client('undici').invoke(CREATE, { ImageName: 5, DataUDiskIds: ['a', {}], Count: 1.5, UHostId: 'u' }))) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues).toEqual(['DataUDiskIds.1: expected string, got Object', 'Count: expected integer, got non-integer number']);
    const e2 = (await rejection(client('undici').invoke(CREATE, { ImageName: 'n', Count: 'ten' }))) as ValidationError;
    expect(e2.issues).toEqual(['UHostId: required but missing', 'Count: expected integer, got a string that is not a whole decimal number']);
    expect(server.attempts).toBe(0);
  });

  it('Region is filled from config first, and reported missing with a hint only when nothing fills it', async () => {
    server.play(ok());
    await client('undici').invoke(CREATE, { UHostId: 'u', ImageName: 'n' });
    expect(server.received[0]?.params.Region).toBe('cn-bj2');
    const e = await rejection(client('undici', { region: undefined }).invoke(CREATE, { UHostId: 'u', ImageName: 'n' }));
    expect(e.message).toMatch(/Region: required but missing \(pass it, or set the client option `region`, env SCLOUD_REGION/);
  });

  it('rejects Dates and other objects with a clear error before sending', async () => {
    server.play();
    const e = await rejection(client('undici').call('CreateThing', { When: new Date(0) }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/"When".*Date.*format Dates yourself/);
    expect(server.attempts).toBe(0);
  });
});
