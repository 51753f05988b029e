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
      stdin: { contents: "export { Client } from './generated/index.ts'; export { createCustomImage } from './generated/uhost/index.ts';", resolveDir: ROOT, loader: 'ts' },
      bundle: true, format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'], write: false, metafile: true, logLevel: 'silent',
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
    const r = await runInDir(dir, `
      const c = new runtime.Client({ ${keys}, baseUrl: '${server.url}', region: 'cn-bj2' });
      const res = await c.call('CreateCustomImage', { UHostId: 'uhost-1', ImageName: 'web' });
      console.log(JSON.stringify({ imageId: res.ImageId }));`, WORKER_LIKE);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ imageId: 'uimage-1' });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(server.received[0]?.params).toMatchObject({ Action: 'CreateCustomImage', Region: 'cn-bj2', UHostId: 'uhost-1' });
    expect(server.received[0]?.headers['user-agent']).toMatch(/^scloud-sdk\/\S+ js$/);
  });

  it("says what cannot work there: transport 'http' and 'undici', a profile, no keys", async () => {
    server.play();
    const r = await runInDir(dir, `
      const out = {};
      const attempt = async (name, f) => { try { await f(); out[name] = 'no error'; } catch (e) { out[name] = e.name + ': ' + e.message; } };
      await attempt('http', () => new runtime.Client({ ${keys}, transport: 'http' }));
      await attempt('undici', () => new runtime.Client({ ${keys}, baseUrl: '${server.url}', transport: 'undici' }).call('DescribeImage'));
      await attempt('profile', () => new runtime.Client({ profile: 'work', home: '/home/someone' }));
      await attempt('keys', () => new runtime.Client({}));
      console.log(JSON.stringify(out));`, WORKER_LIKE);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      http: "ConfigError: transport 'http' needs node:http, which this runtime lacks; use 'fetch'",
      undici: "ConfigError: the undici transport cannot run: this runtime has no Node built-in modules (a Worker); use transport: 'fetch', or leave transport unset to pick it automatically",
      profile: 'ConfigError: profile "work" (from option `profile`): this runtime has no file system; pass the keys as options instead',
      keys: expect.stringMatching(/^ConfigError: no SCloud credentials found; tried: options publicKey\/privateKey, .* profile files \(no file system here\)\. Pass them to new Client/),
    });
    expect(server.received).toHaveLength(0);
  });
});


