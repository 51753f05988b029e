/**
 * Temporary keys against a real loopback server that checks every signature with the runtime's signParams and
 * refuses a temporary key without its token or past its expiration (174): the security token from options and
 * env, signed and sent; the `credentials` option (key objects and providers): lazy, cached, single flight,
 * refreshed ahead of expiration (the clock is faked: Date only, timers and sockets are real), never signing with
 * expired keys, renewed once when the API refuses them.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  Client,
  Credentials,
  CredentialsError,
  resolveConfig,
  signParams,
  type ClientConfig,
  type ProvidedCredentials,
} from '../../runtime/index.js';
import { mockClient } from '../../runtime/testing/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, status, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

const T0 = Date.parse('2026-12-05T10:00:00Z');
const MIN = 60_000;
const base = (): Partial<ClientConfig> => ({ baseUrl: server.url, env: {}, home: '/nonexistent', backoff: { baseMs: 1, capMs: 1 } });

let issuers = 0;
/** A provider that issues numbered temporary keys (known to the server) living `lifetimeMs`; `pub(n)` names its n-th public key. */
function issuer(
  lifetimeMs: number,
  extra: Partial<ProvidedCredentials> = {},
): { provider: () => Promise<ProvidedCredentials>; calls: () => number; pub: (n: number) => string } {
  const id = ++issuers;
  let n = 0;
  const provider = async (): Promise<ProvidedCredentials> => {
    n++;
    await new Promise((r) => setTimeout(r, 5)); // a real round trip: callers pile up while it runs
    const expiresAt = Date.now() + lifetimeMs;
    const k = { publicKey: `tmp-pub-${id}-${n}`, privateKey: `tmp-priv-${id}-${n}-bbbbbbbb`, securityToken: `tmp-token-${id}-${n}-cccccccc` };
    server.keys.set(k.publicKey, { privateKey: k.privateKey, securityToken: k.securityToken, expiresAt });
    return { ...k, expiration: new Date(expiresAt), ...extra };
  };
  return { provider, calls: () => n, pub: (i) => `tmp-pub-${id}-${i}` };
}

const keysUsed = (): string[] => [...new Set(server.received.map((r) => r.params.PublicKey ?? ''))];

describe('security token', () => {
  it('from options: sent as SecurityToken and covered by the signature (checked on the server with signParams)', async () => {
    server.keys.set('sts-pub-1', { privateKey: 'sts-priv-1', securityToken: 'sts-token-1' });
    const c = new Client({ ...base(), publicKey: 'sts-pub-1', privateKey: 'sts-priv-1', securityToken: 'sts-token-1' });
    server.play(ok());
    await c.call('DescribeX', { Limit: 1 });
    const { Signature, ...rest } = server.received[0]?.params ?? {};
    expect(rest.SecurityToken).toBe('sts-token-1');
    expect(Signature).toBe(signParams(rest, 'sts-priv-1'));
    const { SecurityToken: _token, ...withoutToken } = rest;
    expect(Signature).not.toBe(signParams(withoutToken, 'sts-priv-1')); // the token is signed, not appended
    // a token the server does not know for that key: refused, and not renewed (static keys)
    const wrong = new Client({ ...base(), publicKey: 'sts-pub-1', privateKey: 'sts-priv-1', securityToken: 'other-token' });
    server.play();
    await expect(wrong.call('DescribeX')).rejects.toMatchObject({ name: 'AuthError', retCode: 174 });
    expect(server.attempts).toBe(1);
    c.close();
    wrong.close();
  });

  it('from env SCLOUD_* / UCLOUD_*, only with the keys of the same source', () => {
    const s = resolveConfig({
      env: { SCLOUD_PUBLIC_KEY: 'p', SCLOUD_PRIVATE_KEY: 'k', SCLOUD_SECURITY_TOKEN: 't', UCLOUD_SECURITY_TOKEN: 'u' },
      home: '/nonexistent',
    });
    expect(s.credentials?.securityToken()).toBe('t');
    const u = resolveConfig({ env: { UCLOUD_PUBLIC_KEY: 'p', UCLOUD_PRIVATE_KEY: 'k', UCLOUD_SECURITY_TOKEN: 'u' }, home: '/nonexistent' });
    expect(u.credentials?.securityToken()).toBe('u');
    // the options' keys do not take the env's token: a token belongs to its own keys
    const o = resolveConfig({ publicKey: 'p', privateKey: 'k', env: { SCLOUD_SECURITY_TOKEN: 't' }, home: '/nonexistent' });
    expect(o.credentials?.securityToken()).toBeUndefined();
    expect(() => resolveConfig({ securityToken: 't', env: { SCLOUD_PUBLIC_KEY: 'p', SCLOUD_PRIVATE_KEY: 'k' }, home: '/nonexistent' })).toThrow(
      /^option `securityToken` is set, but options has no publicKey\/privateKey; .*set the three in the same place$/,
    );
    expect(() => resolveConfig({ env: { UCLOUD_SECURITY_TOKEN: 'u' }, home: '/nonexistent' })).toThrow(
      /^env UCLOUD_SECURITY_TOKEN is set, but env UCLOUD_\* has no publicKey\/privateKey/,
    );
    expect(() => resolveConfig({ securityToken: 42 as unknown as string, env: {}, home: '/nonexistent' })).toThrow(
      /option `securityToken` must be a string, got a number/,
    );
  });

  it('temporary keys are secrets: settings, inspect and JSON show no key and no token', () => {
    const c = new Client({ ...base(), publicKey: 'sts-pub-xyz', privateKey: 'sts-priv-xyz', securityToken: 'sts-token-xyz' });
    const shown = [
      JSON.stringify(c.settings),
      inspect(c.settings),
      inspect(c, { depth: 5 }),
      JSON.stringify(new Credentials('sts-pub-xyz', 'sts-priv-xyz', { securityToken: 'sts-token-xyz' })),
    ];
    shown.push(inspect(new Credentials('sts-pub-xyz', 'sts-priv-xyz', { securityToken: 'sts-token-xyz', expiration: new Date(T0) })));
    for (const text of shown) expect(text).not.toMatch(/sts-(pub|priv|token)-xyz/);
    expect(c.settings.publicKey).toBe('[redacted]');
    expect(shown[4]).toBe("Credentials { publicKey: [redacted], privateKey: [redacted], securityToken: [redacted], expiration: '2026-12-05T10:00:00.000Z' }");
    // long-lived keys: the public key shows, as before
    expect(new Client({ ...base(), publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }).settings.publicKey).toBe(PUBLIC_KEY);
    expect(inspect(new Credentials('pub', 'priv'))).toBe("Credentials { publicKey: 'pub', privateKey: [redacted] }");
  });
});

describe('the credentials option', () => {
  it('a key object is used as is; with other key options it is a ConfigError; a bad one names what is wrong', async () => {
    const c = new Client({ ...base(), credentials: { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY } });
    server.play(ok());
    await c.call('DescribeX');
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(c.settings.credentialSource).toBe('option `credentials`');
    expect(() => new Client({ ...base(), credentials: { publicKey: 'p', privateKey: 'k' }, publicKey: 'p' })).toThrow(
      /^option `credentials` and option `publicKey` are both set; pass the keys one way/,
    );
    expect(() => new Client({ ...base(), credentials: { publicKey: 'p' } as never })).toThrow(
      /^option `credentials` is not usable: privateKey is missing, not a non-empty string/,
    );
    expect(() => new Client({ ...base(), credentials: { publicKey: 'p', privateKey: 7 } as never })).toThrow(/privateKey is 7, not a non-empty string/);
    expect(() => new Client({ ...base(), credentials: 'p:k' as never })).toThrow(
      /^option `credentials` must be \{ publicKey, privateKey, securityToken\? \} or an async function returning them, got a string/,
    );
    // the keys of the option win over env keys and profile files (no file is read for keys)
    const e = new Client({
      ...base(),
      env: { SCLOUD_PUBLIC_KEY: 'x', SCLOUD_PRIVATE_KEY: 'y' },
      credentials: { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY },
    });
    expect(e.settings.credentialSource).toBe('option `credentials`');
    c.close();
  });

  it('a provider is called on the first call (not by the constructor), once for many calls, and keys without expiration stay', async () => {
    let calls = 0;
    server.keys.set('forever-pub', { privateKey: 'forever-priv', securityToken: 'forever-token' });
    const forever = async (): Promise<ProvidedCredentials> => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return { publicKey: 'forever-pub', privateKey: 'forever-priv', securityToken: 'forever-token' };
    };
    const c = new Client({ ...base(), credentials: forever });
    expect(calls).toBe(0);
    expect(c.settings.credentialSource).toBe('option `credentials` (a provider)');
    expect(c.settings.publicKey).toBe('[redacted]');
    server.play();
    await Promise.all(Array.from({ length: 50 }, () => c.call('DescribeX')));
    await c.call('DescribeX');
    expect(calls).toBe(1);
    expect(server.received.every((r) => r.signatureOk && r.params.SecurityToken === 'forever-token')).toBe(true);
    c.close();
  });

  it('refreshes ahead of expiration, one refresh per window under hundreds of concurrent calls, never signing with expired keys', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { provider, calls, pub } = issuer(60 * MIN); // margin: 5 minutes
    const c = new Client({ ...base(), credentials: provider });
    const burst = async (): Promise<void> => {
      server.play();
      await Promise.all(Array.from({ length: 300 }, (_, i) => c.call('DescribeX', { I: i })));
    };
    await burst(); // no keys yet: all 300 wait for one fetch
    expect([calls(), keysUsed()]).toEqual([1, [pub(1)]]);
    vi.setSystemTime(T0 + 54 * MIN); // before the window
    await burst();
    expect(calls()).toBe(1);
    vi.setSystemTime(T0 + 56 * MIN); // in the window: the current keys go on while one refresh runs
    await burst();
    expect([calls(), keysUsed()]).toEqual([2, [pub(1)]]);
    await burst(); // the refresh is done: its keys are used
    expect([calls(), keysUsed()]).toEqual([2, [pub(2)]]);
    vi.setSystemTime(T0 + 56 * MIN + 60 * MIN + 1); // keys 2 expired: all wait for one fetch, none signs with keys 2
    await burst();
    expect([calls(), keysUsed()]).toEqual([3, [pub(3)]]);
    expect(server.received.every((r) => r.signatureOk)).toBe(true);
    c.close();
  });

  it('short-lived keys are refreshed at half their lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { provider, calls } = issuer(4 * MIN); // margin: 2 minutes (half of 4), not 5
    const c = new Client({ ...base(), credentials: provider });
    server.play();
    await c.call('DescribeX');
    vi.setSystemTime(T0 + 2 * MIN - 1);
    await c.call('DescribeX');
    expect(calls()).toBe(1);
    vi.setSystemTime(T0 + 2 * MIN + 1);
    await c.call('DescribeX');
    await vi.waitFor(() => expect(calls()).toBe(2));
    c.close();
  });

  it('a provider that fails: CredentialsError with its error as cause; the current keys serve until they expire, never after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { provider } = issuer(10 * MIN);
    let failing = false;
    const warnings: string[] = [];
    const flaky = async (): Promise<ProvidedCredentials> => {
      if (failing) throw new Error('vault is sealed');
      return provider();
    };
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    const c = new Client({ ...base(), credentials: flaky, logger });
    server.play();
    await c.call('DescribeX');
    failing = true;
    vi.setSystemTime(T0 + 6 * MIN); // in the window: the background refresh fails, the call succeeds with the current keys
    await c.call('DescribeX');
    await vi.waitFor(() =>
      expect(warnings.join('\n')).toMatch(
        /refreshing credentials failed; the current ones stay in use until they expire: option `credentials` \(a provider\) failed: vault is sealed/,
      ),
    );
    vi.setSystemTime(T0 + 10 * MIN); // expired: the call fails before sending
    server.play();
    const e = await c.call('DescribeX').catch((error: unknown) => error as CredentialsError);
    expect(e).toBeInstanceOf(CredentialsError);
    expect(e.message).toBe('option `credentials` (a provider) failed: vault is sealed');
    expect((e.cause as Error).message).toBe('vault is sealed');
    expect(server.attempts).toBe(0);
    failing = false;
    await c.call('DescribeX'); // it works again once the provider does
    expect(server.received[0]?.signatureOk).toBe(true);
    c.close();
  });

  it('a provider result that is malformed or already expired: CredentialsError naming what is wrong, never a value', async () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /returned unusable credentials: got nothing, not an object; it must resolve to \{ publicKey, privateKey, securityToken\?, expiration\? \}$/],
      [{ publicKey: 'secret-pub-1' }, /privateKey is missing, not a non-empty string/],
      [{ publicKey: 'secret-pub-1', privateKey: 'secret-priv-1', securityToken: 5 }, /securityToken is 5, not a string/],
      [{ publicKey: 'secret-pub-1', privateKey: 'secret-priv-1', expiration: '2030-01-01' }, /expiration is a string, not a Date/],
      [{ publicKey: 'secret-pub-1', privateKey: 'secret-priv-1', expiration: new Date('x') }, /expiration is an invalid Date, not a Date/],
      [
        { publicKey: 'secret-pub-1', privateKey: 'secret-priv-1', expiration: new Date(Date.now() - 1000) },
        /returned credentials that expired at \d{4}-.*Z; check the provider and this machine's clock$/,
      ],
    ];
    for (const [value, message] of cases) {
      const c = new Client({ ...base(), credentials: async () => value as ProvidedCredentials });
      const e = await c.call('DescribeX').catch((error: unknown) => error as Error);
      expect(e).toBeInstanceOf(CredentialsError);
      expect(e.message).toMatch(message);
      expect(inspect(e, { depth: 5 })).not.toMatch(/secret-/);
    }
  });

  it('keys refused as unauthenticated (171, 172, 174) are renewed once and the call resent once, re-signed, even a Create* with maxRetries 0', async () => {
    for (const code of [171, 172, 174]) {
      const { provider, calls, pub } = issuer(60 * MIN);
      const retries: string[] = [];
      const c = new Client({ ...base(), credentials: provider, maxRetries: 0, hooks: { onRetry: (ctx) => void retries.push(ctx.reason) } });
      server.play(retCode(code, 'refused'), ok({ Id: 'x' }));
      await expect(c.call('CreateThing', { Name: 'n' })).resolves.toMatchObject({ Id: 'x' });
      expect([calls(), server.attempts, keysUsed()]).toEqual([2, 2, [pub(1), pub(2)]]);
      expect(server.received[1]?.signatureOk).toBe(true);
      expect(retries).toEqual([`keys refused (RetCode ${code}); renewing them`]);
      c.close();
    }
  });

  it('renewed once only: refused again, the AuthError is thrown; permission errors (299) and static keys are not renewed', async () => {
    const { provider, calls } = issuer(60 * MIN);
    const c = new Client({ ...base(), credentials: provider });
    server.play(retCode(174), retCode(174));
    await expect(c.call('DescribeX')).rejects.toMatchObject({ name: 'AuthError', retCode: 174 });
    expect([calls(), server.attempts]).toEqual([2, 2]);
    server.play(retCode(299, 'IAM permission denied'));
    await expect(c.call('DescribeX')).rejects.toMatchObject({ retCode: 299 });
    expect([calls(), server.attempts]).toEqual([2, 1]);
    const s = new Client({ ...base(), publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    server.play(retCode(171));
    await expect(s.call('DescribeX')).rejects.toBeInstanceOf(AuthError);
    expect(server.attempts).toBe(1);
    c.close();
    s.close();
  });

  it('keys revoked early: hundreds of calls refused at once renew them with one fetch', async () => {
    const { provider, calls, pub } = issuer(60 * MIN);
    const c = new Client({ ...base(), credentials: provider });
    server.play();
    await c.call('DescribeX');
    server.keys.delete(pub(1)); // revoked: 171 for every call that still signs with it
    server.play();
    await Promise.all(Array.from({ length: 200 }, () => c.call('DescribeX')));
    expect(calls()).toBe(2);
    expect(server.received.filter((r) => !r.signatureOk)).toHaveLength(200);
    expect(server.received.filter((r) => r.signatureOk && r.params.PublicKey === pub(2))).toHaveLength(200);
    c.close();
  });

  it('a retry after the keys expired during the backoff is re-signed with new keys', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { provider, calls, pub } = issuer(10 * MIN);
    const c = new Client({
      ...base(),
      credentials: provider,
      hooks: { onRetry: () => vi.setSystemTime(T0 + 11 * MIN) }, // the backoff outlived the keys
    });
    server.play(status(503), ok());
    await c.call('DescribeX');
    expect([calls(), keysUsed()]).toEqual([2, [pub(1), pub(2)]]);
    expect(server.received.map((r) => r.signatureOk)).toEqual([true, true]);
    c.close();
  });

  it('fills region, zone and project from the provider only where the client has none', async () => {
    const { provider } = issuer(60 * MIN, { region: 'cn-bj2', zone: 'cn-bj2-04', projectId: 'org-meta' });
    const c = new Client({ ...base(), credentials: provider });
    expect(c.settings.region).toBeUndefined();
    server.play();
    await c.call('DescribeX');
    expect(server.received[0]?.params).toMatchObject({ Region: 'cn-bj2', ProjectId: 'org-meta' });
    expect([c.settings.region, c.settings.zone, c.settings.projectId]).toEqual(['cn-bj2', 'cn-bj2-04', 'org-meta']);
    const own = new Client({
      ...base(),
      credentials: issuer(60 * MIN, { region: 'cn-bj2', zone: 'cn-bj2-04', projectId: 'org-meta' }).provider,
      region: 'hk',
      projectId: 'org-own',
    });
    await own.call('DescribeX');
    expect([own.settings.region, own.settings.zone, own.settings.projectId]).toEqual(['hk', undefined, 'org-own']); // no cn-bj2 zone in hk
    c.close();
    own.close();
  });

  it("the caller's signal ends a call waiting for keys at once; the fetch goes on for the others", async () => {
    let release: () => void = () => undefined;
    const slow = async (): Promise<ProvidedCredentials> => {
      await new Promise<void>((r) => {
        release = r;
      });
      return { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY };
    };
    const c = new Client({ ...base(), credentials: slow });
    const controller = new AbortController();
    const aborted = c.call('DescribeX', {}, { signal: controller.signal });
    const waiting = c.call('DescribeX');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    release();
    server.play();
    await expect(waiting).resolves.toMatchObject({ RetCode: 0 });
    c.close();
  });
});

describe('with the testing kit', () => {
  it('mockClient takes a credentials provider instead of its test keys; the provider is called, the mock answers', async () => {
    let calls = 0;
    const provider = async (): Promise<ProvidedCredentials> => {
      calls++;
      return { publicKey: 'kit-pub', privateKey: 'kit-priv', securityToken: 'kit-token' };
    };
    const mock = mockClient({ config: { credentials: provider } });
    mock.on('DescribeX').resolves({ Total: 1 });
    await expect(mock.client.call('DescribeX')).resolves.toMatchObject({ Total: 1 });
    expect(calls).toBe(1);
    expect(mock.client.settings.credentialSource).toBe('option `credentials` (a provider)');
  });
});
