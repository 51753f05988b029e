/**
 * fromInstanceMetadata against a local stand-in of the metadata server (127.0.0.1): STS v2, v1 where v2 is not
 * there, a role by name, region/zone/project for a client without them, then the keys used against the API
 * stand-in (signature and token checked there); and every failure as a quick CredentialsError: the server down,
 * slow, 404 for a role, garbage JSON, RetCode != 0, a missing field.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, ConfigError, CredentialsError, DEFAULT_METADATA_ENDPOINT, fromInstanceMetadata } from '../../runtime/index.js';
import { delayed, json, MetadataServer, text, V1, V2, v1Answer, v2Answer } from './metadata-server.js';
import { TestServer } from './server.js';

const meta = new MetadataServer();
const api = new TestServer();
beforeAll(async () => {
  await meta.start();
  await api.start();
});
afterAll(async () => {
  await meta.stop();
  await api.stop();
});
beforeEach(() => meta.reset());

const inAnHour = (): Date => new Date(Date.now() + 3_600_000);

async function failure(p: Promise<unknown>): Promise<CredentialsError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(CredentialsError);
  return e as CredentialsError;
}

describe('fromInstanceMetadata', () => {
  it('STS v2: the role keys, token and expiration, with region, zone and project', async () => {
    const exp = inAnHour();
    meta.routes.set(V2, json(v2Answer(1, exp)));
    const got = await fromInstanceMetadata({ endpoint: meta.url })();
    expect(got).toMatchObject({
      publicKey: 'meta-pub-1',
      privateKey: 'meta-priv-1-xxxxxxxx',
      securityToken: 'meta-token-1-yyyyyyyy',
      region: 'cn-bj2',
      zone: 'cn-bj2-04',
      projectId: 'org-meta',
    });
    expect(got.expiration?.getTime()).toBe(Math.floor(exp.getTime() / 1000) * 1000);
    expect(meta.hitsOf(V1)).toBe(0);
  });

  it('a role by name: its path; v1 where v2 answers 404 (Unix-seconds expiration), and v2 is not asked again', async () => {
    const exp = inAnHour();
    meta.routes.set(`${V1}/app-role`, json(v1Answer(2, exp)));
    const provider = fromInstanceMetadata({ endpoint: `${meta.url}/`, roleName: 'app-role' });
    expect(provider.source).toBe(`instance metadata at ${meta.url}, role "app-role"`);
    const first = await provider();
    expect(first).toMatchObject({ publicKey: 'meta-pub-2', privateKey: 'meta-priv-2-xxxxxxxx', securityToken: 'meta-token-2-yyyyyyyy', projectId: 'org-v1' });
    expect(first.expiration?.getTime()).toBe(Math.floor(exp.getTime() / 1000) * 1000);
    await provider();
    expect([meta.hitsOf(`${V2}/app-role`), meta.hitsOf(`${V1}/app-role`)]).toEqual([1, 2]);
    expect(meta.hitsOf('/meta-data/latest/region')).toBe(1); // read once
  });

  it('the client signs with the role keys and token (verified by the API stand-in) and takes the region and project', async () => {
    const exp = inAnHour();
    meta.routes.set(V2, json(v2Answer(3, exp)));
    api.keys.set('meta-pub-3', { privateKey: 'meta-priv-3-xxxxxxxx', securityToken: 'meta-token-3-yyyyyyyy', expiresAt: exp.getTime() });
    const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromInstanceMetadata({ endpoint: meta.url }) });
    expect(c.settings.credentialSource).toBe(`option \`credentials\` (instance metadata at ${meta.url}, the instance role)`);
    api.play();
    await c.call('DescribeUHostInstance');
    const got = api.received[0];
    expect(got?.signatureOk).toBe(true);
    expect(got?.params).toMatchObject({ PublicKey: 'meta-pub-3', SecurityToken: 'meta-token-3-yyyyyyyy', Region: 'cn-bj2', ProjectId: 'org-meta' });
    expect(c.settings.zone).toBe('cn-bj2-04');
    c.close();
  });

  it('env SCLOUD_METADATA_ENDPOINT points it elsewhere; the default is the provider server; bad options are ConfigErrors', async () => {
    meta.routes.set(V2, json(v2Answer(4, inAnHour())));
    process.env.SCLOUD_METADATA_ENDPOINT = meta.url;
    try {
      expect((await fromInstanceMetadata()()).publicKey).toBe('meta-pub-4');
      process.env.SCLOUD_METADATA_ENDPOINT = 'ftp://x';
      expect(() => fromInstanceMetadata()).toThrow(/^env SCLOUD_METADATA_ENDPOINT must be an http\(s\) URL, got scheme ftp:/);
    } finally {
      delete process.env.SCLOUD_METADATA_ENDPOINT;
    }
    expect(fromInstanceMetadata().source).toBe(`instance metadata at ${DEFAULT_METADATA_ENDPOINT}, the instance role`);
    expect(DEFAULT_METADATA_ENDPOINT).toBe('http://100.80.80.80');
    expect(() => fromInstanceMetadata({ roleName: 'a/b' })).toThrow(ConfigError);
    expect(() => fromInstanceMetadata({ timeoutMs: 0 })).toThrow(/option `timeoutMs` must be a number of milliseconds from 1 to 60000, got 0/);
  });

  it('server down: a quick CredentialsError saying so', async () => {
    const closed = await freePort();
    const t0 = performance.now();
    const e = await failure(fromInstanceMetadata({ endpoint: `http://127.0.0.1:${closed}` })());
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(e.message).toBe(
      `the instance metadata server at http://127.0.0.1:${closed} could not be reached (ECONNREFUSED) (2 attempts at ${V2}); on a UHost, check that the instance has a role; elsewhere, use other credentials`,
    );
  });

  it('server slow: each request cut at timeoutMs, one retry, then a CredentialsError (no hang)', async () => {
    meta.routes.set(V2, delayed(5_000, json(v2Answer(5, inAnHour()))));
    const t0 = performance.now();
    const e = await failure(fromInstanceMetadata({ endpoint: meta.url, timeoutMs: 150 })());
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2_500);
    expect(e.message).toMatch(
      /^the instance metadata server at http:\/\/127\.0\.0\.1:\d+ did not answer within 150 ms \(2 attempts at \/meta-data\/v2\/iam\/security-credentials\)/,
    );
    expect(meta.hitsOf(V2)).toBe(2);
  });

  it('a 5xx is retried once; the second answer counts', async () => {
    let n = 0;
    meta.routes.set(V2, (req, res) => (++n === 1 ? text('busy', 503) : json(v2Answer(6, inAnHour())))(req, res));
    expect((await fromInstanceMetadata({ endpoint: meta.url })()).publicKey).toBe('meta-pub-6');
    expect(meta.hitsOf(V2)).toBe(2);
  });

  it('404 for a role (v2 and v1): names the role and what to do', async () => {
    const e = await failure(fromInstanceMetadata({ endpoint: meta.url, roleName: 'nope' })());
    expect(e.message).toBe(
      `instance metadata at ${meta.url}: no role "nope" (HTTP 404 from STS v2 and v1); check the role name, or leave roleName unset for the instance role`,
    );
    const none = await failure(fromInstanceMetadata({ endpoint: meta.url })());
    expect(none.message).toBe(
      `instance metadata at ${meta.url}: no role attached to this instance (HTTP 404 from STS v2 and v1); attach a role to the instance`,
    );
  });

  it('garbage JSON, RetCode != 0, missing fields: CredentialsErrors that quote nothing of the answer', async () => {
    const secret = 'half-sent-secret-value-123456';
    meta.routes.set(V2, text(`{"RetCode":0,"Data":{"AccessKeySecret":"${secret}"`));
    const garbage = await failure(fromInstanceMetadata({ endpoint: meta.url })());
    expect(garbage.message).toMatch(
      /^instance metadata at .* \(STS v2, the instance role\) answered \d+ characters that are not JSON; is the endpoint the instance metadata server\?$/,
    );
    meta.routes.set(V2, json({ RetCode: 15010, Message: 'role not attached' }));
    expect((await failure(fromInstanceMetadata({ endpoint: meta.url })())).message).toMatch(/answered RetCode 15010: role not attached$/);
    meta.routes.set(V2, json({ Data: {} }));
    expect((await failure(fromInstanceMetadata({ endpoint: meta.url })())).message).toMatch(/answered JSON without a numeric RetCode$/);
    meta.routes.set(V2, json({ RetCode: 0, Data: { AccessKeyId: 'a', AccessKeySecret: secret, Expiration: 'soon' } }));
    const missing = await failure(fromInstanceMetadata({ endpoint: meta.url })());
    expect(missing.message).toMatch(/answered without Data\.SecurityToken, Data\.Expiration \(an ISO 8601 time\)$/);
    meta.routes.set(V2, text('x'.repeat(100_000)));
    expect((await failure(fromInstanceMetadata({ endpoint: meta.url })())).message).toMatch(/answered more than 65536 bytes \(2 attempts at/);
    for (const e of [garbage, missing]) expect(inspect(e, { depth: 5 })).not.toContain(secret.slice(0, 8));
  });

  it('through a client: the failure is a CredentialsError of the call, sent nothing, and the next call asks again', async () => {
    meta.routes.set(V2, json({ RetCode: 15010, Message: 'no role' }));
    const c = new Client({ baseUrl: api.url, env: {}, home: '/nonexistent', credentials: fromInstanceMetadata({ endpoint: meta.url }) });
    api.play();
    const e = await failure(c.call('DescribeX'));
    expect(e.message).toMatch(/answered RetCode 15010: no role$/);
    expect(api.attempts).toBe(0);
    const exp = inAnHour();
    meta.routes.set(V2, json(v2Answer(7, exp)));
    api.keys.set('meta-pub-7', { privateKey: 'meta-priv-7-xxxxxxxx', securityToken: 'meta-token-7-yyyyyyyy', expiresAt: exp.getTime() });
    await c.call('DescribeX');
    expect(api.received[0]?.signatureOk).toBe(true);
    c.close();
  });
});

/** A port nothing listens on (taken and released). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
