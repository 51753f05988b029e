/**
 * fromAssumeRole against a local stand-in of the `sts` AssumeRole action (the API test server on 127.0.0.1, which
 * checks every signature): the role's keys are asked for with the source keys, then used for the calls (token
 * signed and sent); refreshed like any provider; a source that is itself a provider; AssumeRole failing.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, ConfigError, CredentialsError, fromAssumeRole } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, TestServer, type Step } from './server.js';

const api = new TestServer();
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});

const MIN = 60_000;
let issued = 0;
/** AssumeRole's answer: new keys of the role (known to the server from then on) living `lifetimeMs`; other actions succeed. */
function sts(lifetimeMs: number, format: (d: Date) => string | number = (d) => d.toISOString()): Step {
  return (req, res) => {
    if (req.params.Action !== 'AssumeRole') return ok()(req, res);
    const n = ++issued;
    const expiresAt = Date.now() + lifetimeMs;
    const c = {
      AccessKeyId: `role-pub-${n}`,
      AccessKeySecret: `role-priv-${n}-zzzzzzzz`,
      SecurityToken: `role-token-${n}-wwwwwwww`,
      Expiration: format(new Date(expiresAt)),
    };
    api.keys.set(c.AccessKeyId, { privateKey: c.AccessKeySecret, securityToken: c.SecurityToken, expiresAt });
    return ok({ Credentials: c })(req, res);
  };
}

const source = { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY };
const options = { roleUrn: 'ucs:iam::60036:role/deployer', roleSessionName: 'ci-run-1', source };

describe('fromAssumeRole', () => {
  it('assumes the role with the source keys, then signs the calls with the role keys and token', async () => {
    api.play();
    api.fallback = sts(60 * MIN);
    const c = new Client({
      baseUrl: api.url,
      env: {},
      home: '/nonexistent',
      credentials: fromAssumeRole({ ...options, durationSeconds: 900, policy: '{"Statement":[]}' }),
    });
    expect(c.settings.credentialSource).toBe('option `credentials` (AssumeRole ucs:iam::60036:role/deployer)');
    await c.call('DescribeUHostInstance');
    const [assume, call] = api.received;
    expect(assume?.signatureOk).toBe(true);
    expect(assume?.params).toMatchObject({
      Action: 'AssumeRole',
      PublicKey: PUBLIC_KEY,
      RoleUrn: options.roleUrn,
      RoleSessionName: 'ci-run-1',
      DurationSeconds: '900',
      Policy: '{"Statement":[]}',
    });
    expect(call?.signatureOk).toBe(true);
    expect(call?.params).toMatchObject({ Action: 'DescribeUHostInstance', PublicKey: `role-pub-${issued}`, SecurityToken: `role-token-${issued}-wwwwwwww` });
    c.close();
  });

  it('refreshed like any provider: once the keys are near expiration, one AssumeRole for many calls', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      api.play();
      api.fallback = sts(15 * MIN, (d) =>
        d
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ''),
      ); // `YYYY-MM-DD hh:mm:ss`, UTC
      const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromAssumeRole(options) });
      await Promise.all(Array.from({ length: 100 }, () => c.call('DescribeX')));
      vi.setSystemTime(t0 + 15 * MIN + 1); // expired: every call waits for the one AssumeRole
      await Promise.all(Array.from({ length: 100 }, () => c.call('DescribeX')));
      const assumed = api.received.filter((r) => r.params.Action === 'AssumeRole');
      expect(assumed).toHaveLength(2);
      expect(api.received.filter((r) => r.params.Action === 'DescribeX' && r.signatureOk)).toHaveLength(200);
      c.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a source that is itself a provider (a role assumed from an instance role, say)', async () => {
    api.play();
    api.fallback = sts(60 * MIN);
    let asked = 0;
    const base = async (): Promise<{ publicKey: string; privateKey: string }> => {
      asked++;
      return source;
    };
    const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromAssumeRole({ ...options, source: base }) });
    await c.call('DescribeX');
    expect(asked).toBe(1);
    expect(api.received.map((r) => [r.params.Action, r.signatureOk])).toEqual([
      ['AssumeRole', true],
      ['DescribeX', true],
    ]);
    c.close();
  });

  it('AssumeRole failing: a CredentialsError with the API error as cause; nothing sent with the role keys', async () => {
    api.play(retCode(299, 'IAM permission denied: sts:AssumeRole'));
    api.fallback = ok();
    const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromAssumeRole(options) });
    const e = await c.call('DescribeX').then(
      () => undefined,
      (error: unknown) => error as CredentialsError,
    );
    expect(e).toBeInstanceOf(CredentialsError);
    expect(e?.message).toBe('AssumeRole of ucs:iam::60036:role/deployer failed: AssumeRole failed: RetCode 299: IAM permission denied: sts:AssumeRole');
    expect(e?.cause).toMatchObject({ name: 'ApiError', retCode: 299 });
    expect(api.received.map((r) => r.params.Action)).toEqual(['AssumeRole']);
    expect(inspect(e, { depth: 10 })).not.toContain(PRIVATE_KEY);
    c.close();
  });

  it('an answer without the keys: a CredentialsError naming the missing fields', async () => {
    api.play(ok({ Credentials: { AccessKeyId: 'a', AccessKeySecret: 'secret-value-xyz' } }));
    const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromAssumeRole(options) });
    const e = await c.call('DescribeX').then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(e).toBeInstanceOf(CredentialsError);
    expect(e?.message).toBe('AssumeRole of ucs:iam::60036:role/deployer answered without Credentials.SecurityToken, Credentials.Expiration (a UTC time)');
    expect(inspect(e, { depth: 10 })).not.toContain('secret-value');
    c.close();
  });

  it("the AssumeRole call is made with the calling client's settings (its base URL, logger, env) and without its hooks", async () => {
    api.play();
    api.fallback = sts(60 * MIN);
    const lines: string[] = [];
    const hooked: string[] = [];
    const line = (m: string): void => void lines.push(m);
    const c = new Client({
      baseUrl: api.url,
      env: {},
      home: '/nonexistent',
      logger: { debug: line, info: line, warn: line, error: line },
      hooks: { onRequest: (ctx) => void hooked.push(ctx.action) },
      credentials: fromAssumeRole(options),
    });
    await c.call('DescribeX');
    expect(api.received.map((r) => r.params.Action)).toEqual(['AssumeRole', 'DescribeX']);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['AssumeRole', 'DescribeX']);
    expect(hooked).toEqual(['DescribeX']);
    c.close();
    // called outside a client, it cannot make one
    const e = await fromAssumeRole(options)().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(e?.message).toBe(
      'AssumeRole of ucs:iam::60036:role/deployer failed: no client called it: pass it to a client, new Client({ credentials: fromAssumeRole(...) })',
    );
  });

  it('bad options are ConfigErrors at once', () => {
    expect(() => fromAssumeRole({ ...options, roleUrn: '' })).toThrow(/^fromAssumeRole option `roleUrn` is missing; pass the URN of the role to assume$/);
    expect(() => fromAssumeRole({ ...options, durationSeconds: 1.5 })).toThrow(/option `durationSeconds` must be a whole number of seconds, got 1.5/);
    expect(() => fromAssumeRole({ ...options, source: { publicKey: 'p' } as never })).toThrow(ConfigError);
    expect(() => fromAssumeRole({ ...options, source: undefined as never })).toThrow(/option `source` is missing/);
  });
});
