/**
 * The client where there are no Node built-ins (a Worker), checked quickly under Node: the runtime bundled for a
 * Worker holds no `node:*` import and no package; a fresh process with `process` and `setImmediate` removed
 * before it loads the bundle signs through Web Crypto, sends through fetch, and says clearly what cannot work there.
 * (test/heavy/worker.test.ts runs the packed package in workerd itself.)
 */

import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../emit/helpers.js';
import { bundleRuntime, ROOT, runInDir } from './bundled.js';
import { flattenParams, signAndEncode } from '../../runtime/sign.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
let dir = '';
beforeAll(async () => {
  await server.start();
  dir = bundleRuntime('no-builtins');
});
afterAll(async () => {
  await server.stop();
  removeDir(dir);
});

/**
 * What a Worker without nodejs_compat lacks, taken away before the runtime loads: `process` (so no
 * getBuiltinModule, no env) and `setImmediate`. `Buffer` stays: Node's own fetch needs it (workerd runs without it).
 */
const WORKER_LIKE = 'delete globalThis.process; delete globalThis.setImmediate;';
const keys = `publicKey: '${PUBLIC_KEY}', privateKey: '${PRIVATE_KEY}'`;

describe('a Worker bundle of the client', () => {
  it('has no node:* import and no package on its import graph (esbuild for a browser-like platform, Worker conditions)', () => {
    const result = buildSync({
      stdin: {
        contents: "export { Client } from './generated/index.ts'; export { createCustomImage } from './generated/uhost/index.ts';",
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const output = Object.values(result.metafile.outputs)[0];
    expect(output?.imports).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules'))).toEqual([]);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/from\s*["']node:|require\(/);
  });
});

describe('the client without Node built-ins (process and setImmediate removed)', () => {
  it('signs through Web Crypto and sends through fetch: the server accepts the signature', async () => {
    server.play(ok({ ImageId: 'uimage-1' }));
    const r = await runInDir(
      dir,
      `
      const c = new runtime.Client({ ${keys}, baseUrl: '${server.url}', region: 'cn-bj2' });
      const res = await c.call('CreateCustomImage', { UHostId: 'uhost-1', ImageName: 'a b&c=d+主机', Tags: Array.from({ length: 12 }, (_, i) => 't' + i) });
      console.log(JSON.stringify({ imageId: res.ImageId }));`,
      WORKER_LIKE,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ imageId: 'uimage-1' });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(server.received[0]?.params).toMatchObject({
      Action: 'CreateCustomImage',
      Region: 'cn-bj2',
      UHostId: 'uhost-1',
      ImageName: 'a b&c=d+主机',
      'Tags.10': 't10',
    });
    expect(server.received[0]?.headers['user-agent']).toMatch(/^scloud-sdk\/\S+ js$/);
  });

  it('takes keys from a credentials provider there (temporary keys with a token, signed through Web Crypto)', async () => {
    server.play(ok(), ok());
    const r = await runInDir(
      dir,
      `
      let fetched = 0;
      const credentials = async () => (fetched++, { publicKey: '${PUBLIC_KEY}', privateKey: '${PRIVATE_KEY}', securityToken: 'token-1', expiration: new Date(Date.now() + 3_600_000) });
      const c = new runtime.Client({ credentials, baseUrl: '${server.url}', region: 'cn-bj2' });
      await c.call('DescribeImage', {});
      await c.call('DescribeImage', {});
      console.log(JSON.stringify({ fetched }));`,
      WORKER_LIKE,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ fetched: 1 });
    expect(server.received.map((x) => [x.signatureOk, x.params.SecurityToken])).toEqual([
      [true, 'token-1'],
      [true, 'token-1'],
    ]);
  });

  it('signAndEncodeAsync there (Web Crypto) gives the body and Signature signAndEncode gives with node:crypto', async () => {
    const cases = [
      { Action: 'AllocateBackendBatch', Backends: Array.from({ length: 12 }, (_, i) => ['foo', 'bar', 42][i % 3]), PublicKey: PUBLIC_KEY },
      { Action: 'X', Name: 'a b&c=d+e', Tag: ['主机', "(*)'!"], Signature: 'ignored' },
    ];
    const r = await runInDir(
      dir,
      `
      const out = [];
      for (const params of ${JSON.stringify(cases)}) {
        const flat = runtime.flattenParams(params);
        out.push({ body: await runtime.signAndEncodeAsync(flat, '${PRIVATE_KEY}'), flat });
      }
      let sync = '';
      try { runtime.signAndEncode({ A: '1' }, 'k'); } catch (e) { sync = e.message; }
      console.log(JSON.stringify({ out, sync }));`,
      WORKER_LIKE,
    );
    const { out, sync } = JSON.parse(r.stdout) as { out: { body: string; flat: Record<string, string> }[]; sync: string };
    expect(out).toEqual(
      cases.map((params) => {
        const flat = flattenParams(params);
        return { body: signAndEncode(flat, PRIVATE_KEY), flat };
      }),
    );
    expect(out[0]?.body.endsWith('&Signature=6bc32642779f8cb0bb3d3f128b1c0688abf9a1a3')).toBe(true);
    expect(sync).toBe('signing without await needs node:crypto, which this runtime lacks; use signAndEncodeAsync');
  });

  it("says what cannot work there: transport 'http' and 'undici', a profile, no keys", async () => {
    server.play();
    const r = await runInDir(
      dir,
      `
      const out = {};
      const attempt = async (name, f) => { try { await f(); out[name] = 'no error'; } catch (e) { out[name] = e.name + ': ' + e.message; } };
      await attempt('http', () => new runtime.Client({ ${keys}, transport: 'http' }));
      await attempt('undici', () => new runtime.Client({ ${keys}, baseUrl: '${server.url}', transport: 'undici' }).call('DescribeImage'));
      await attempt('profile', () => new runtime.Client({ profile: 'work', home: '/home/someone' }));
      await attempt('keys', () => new runtime.Client({}));
      console.log(JSON.stringify(out));`,
      WORKER_LIKE,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      http: "ConfigError: transport 'http' needs node:http, which this runtime lacks; use 'fetch'",
      undici:
        "ConfigError: the undici transport cannot run: this runtime has no Node built-in modules (a Worker); use transport: 'fetch', or leave transport unset to pick it automatically",
      profile: 'ConfigError: profile "work" (from option `profile`): this runtime has no file system; pass the keys as options instead',
      keys: expect.stringMatching(
        /^ConfigError: no SCloud credentials found; tried: options publicKey\/privateKey, .* profile files \(no file system here\)\. Pass them to new Client/,
      ),
    });
    expect(server.received).toHaveLength(0);
  });
});
