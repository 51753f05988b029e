/**
 * What a call loads. The generated client bundled as a code-splitting bundler makes it (esbuild --splitting, the
 * entries `scloud-sdk` and `scloud-sdk/uhost`), run in a fresh Node process that records every file it loads; the
 * bundler's metafile says which runtime modules' code each file holds. A call with static keys, response checking
 * off and no tracer loads none of the optional features' modules; a credentials provider loads the credential
 * cache, response checking the drift reporter and log, a registered tracer the spans, each with the first call
 * that needs it and no other; the fetch and node:http transports load with their first request. (Unbundled ESM and CommonJS, the installed package: test/heavy/packages.test.ts.)
 */
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../emit/helpers.js';
import { ROOT, runInDir } from './bundled.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
let dir = '';
/** Output file (relative to the out folder) -> the runtime modules (`credential-cache.ts`) whose code it holds. */
const holds = new Map<string, string[]>();
/**
 * The modules that load on first use: the optional features', and the transports other than the default (the
 * entries import each runtime value from its own module, so runtime/index.ts, which re-exports them all, is not loaded).
 */
const OPTIONAL = ['credential-cache.ts', 'drift.ts', 'drift-log.ts', 'response-check.ts', 'spans.ts', 'transport/fetch.ts', 'transport/http.ts'];

beforeAll(async () => {
  await server.start();
  dir = mkdtempSync(join(tmpdir(), 'scloud-first-use-'));
  const { metafile } = await build({
    metafile: true,
    entryPoints: { index: join(ROOT, 'generated/index.ts'), uhost: join(ROOT, 'generated/uhost/index.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    outdir: join(dir, 'out'),
    chunkNames: 'chunks/[name]-[hash]',
    external: ['undici', 'node-fetch'],
    logLevel: 'error',
  });
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const modules = Object.entries(output.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([input]) => input.replace(/^.*generated\/runtime\//, ''));
    holds.set(file.replace(/^.*\/out\//, ''), modules);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  // Records each file the process loads (module.register: runs for every module, before it is evaluated).
  writeFileSync(
    join(dir, 'record.mjs'),
    `import { appendFileSync } from 'node:fs';
    let file = '';
    export function initialize(data) { file = data.file; }
    export async function load(url, context, next) {
      if (url.includes('/out/')) appendFileSync(file, url.replace(/.*\\/out\\//, '') + '\\n');
      return next(url, context);
    }`,
  );
  writeFileSync(join(dir, 'runtime.mjs'), ''); // runInDir's import target: the scripts import the bundle themselves
});
afterAll(async () => {
  await server.stop();
  removeDir(dir);
});

/** The optional features' modules whose code a script loaded, and what it printed. */
async function loads(name: string, body: string, prelude = ''): Promise<{ modules: string[]; out: unknown }> {
  const entry = (file: string): string => JSON.stringify(pathToFileURL(join(dir, 'out', file)).href);
  const script = `${prelude}
    import { register } from 'node:module';
    register(${JSON.stringify(pathToFileURL(join(dir, 'record.mjs')).href)}, { data: { file: ${JSON.stringify(join(dir, `loaded-${name}`))} } });
    const { Client } = await import(${entry('index.js')});
    const { createCustomImage } = await import(${entry('uhost.js')});
    const base = { baseUrl: '${server.url}', region: 'cn-bj2', env: {}, home: '/nonexistent' };
    const keys = { publicKey: '${PUBLIC_KEY}', privateKey: '${PRIVATE_KEY}' };
    ${body}`;
  const r = await runInDir(dir, script);
  expect(r.stderr).toBe('');
  const recorded = readdirSync(dir).includes(`loaded-${name}`) ? readFileSync(join(dir, `loaded-${name}`), 'utf8') : '';
  const files = recorded.split('\n').filter((f) => f !== '');
  expect(files).toContain('index.js');
  const modules = [...new Set(files.flatMap((f) => holds.get(f) ?? []))].filter((m) => OPTIONAL.includes(m)).sort();
  return { modules, out: JSON.parse(r.stdout) };
}

const twoCalls = `const a = await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' });
    const b = await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' });
    console.log(JSON.stringify([a.ImageId, b.ImageId]));`;

describe('the optional features load with the first call that uses them', () => {
  it('static keys, checking off, no tracer: none of them is loaded', async () => {
    server.play(ok({ ImageId: 'uimage-1' }), ok({ ImageId: 'uimage-2' }));
    const r = await loads('static', `const c = new Client({ ...base, ...keys }); ${twoCalls}`);
    expect(r).toEqual({ modules: [], out: ['uimage-1', 'uimage-2'] });
    expect(server.received.every((x) => x.signatureOk)).toBe(true);
  });

  it('a credentials provider: the credential cache, once', async () => {
    server.play(ok({ ImageId: 'uimage-1' }), ok({ ImageId: 'uimage-2' }));
    const r = await loads('provider', `const c = new Client({ ...base, credentials: async () => keys }); ${twoCalls}`);
    expect(r).toEqual({ modules: ['credential-cache.ts'], out: ['uimage-1', 'uimage-2'] });
  });

  it("keys that expire (served like a provider's): the credential cache", async () => {
    server.play(ok({ ImageId: 'uimage-1' }), ok({ ImageId: 'uimage-2' }));
    const r = await loads('expiring', `const c = new Client({ ...base, credentials: { ...keys, expiration: new Date(Date.now() + 3_600_000) } }); ${twoCalls}`);
    expect(r).toEqual({ modules: ['credential-cache.ts'], out: ['uimage-1', 'uimage-2'] });
  });

  it("validateResponses 'warn' (the option, or per call): the drift reporter, which finds the drift", async () => {
    server.play(ok({ ImageId: 7 }), ok({ ImageId: 'uimage-2' }));
    const r = await loads(
      'checking',
      `const lines = []; const logger = { debug() {}, info() {}, warn: (m) => lines.push(m), error() {} };
      const c = new Client({ ...base, ...keys, logger, logLevel: 'warn' });
      await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' }, { validateResponses: 'warn' });
      await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' });
      console.log(JSON.stringify(lines.map((l) => l.replace(/ \\(.*/, ''))));`,
    );
    expect(r).toEqual({
      modules: ['drift-log.ts', 'drift.ts', 'response-check.ts'],
      out: ['CreateCustomImage: response drift at ImageId: documented string, received integer'],
    });
  });

  it("transport 'fetch' and 'http': each loads its own module, with the first request", async () => {
    for (const transport of ['fetch', 'http']) {
      server.play(ok({ ImageId: 'uimage-1' }), ok({ ImageId: 'uimage-2' }));
      const r = await loads(transport, `const c = new Client({ ...base, ...keys, transport: '${transport}' }); ${twoCalls} c.close();`);
      expect(r).toEqual({ modules: [`transport/${transport}.ts`], out: ['uimage-1', 'uimage-2'] });
    }
    expect(server.received.every((x) => x.signatureOk)).toBe(true);
  });

  it('a tracer provider registered: the spans', async () => {
    server.play(ok({ ImageId: 'uimage-1' }), ok({ ImageId: 'uimage-2' }));
    const r = await loads(
      'traced',
      `const names = [];
      const span = { setAttributes() {}, addEvent() {}, recordException() {}, setStatus() {}, end() {} };
      const api = { trace: { getTracer: () => ({ startActiveSpan: (name, options, context, fn) => (names.push(name), fn(span)) }) }, context: { active: () => ({}) } };
      const c = new Client({ ...base, ...keys, tracing: { api } });
      await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' });
      await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' });
      console.log(JSON.stringify(names));`,
      "globalThis[Symbol.for('opentelemetry.js.api.1')] = { version: '1.9.0', trace: {} };",
    );
    expect(r).toEqual({ modules: ['spans.ts'], out: ['uhost/CreateCustomImage', 'uhost/CreateCustomImage'] });
  });
});
