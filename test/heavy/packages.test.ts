/**
 * The two packages as users get them: packed from this repo (`npm pack`, which runs each package's prepack
 * build), checked by publint and attw, installed from their tarballs into an empty folder, then used there:
 * the client imported (ESM and require()), the installed generator run on the corpus (or the repo's docs), the
 * result type-checked, and the installed client calling the installed `scloud-gen mock` (directly, and with
 * SCLOUD_LOG=debug through an HTTP_PROXY from the environment).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, ROOT, tempDir } from '../emit/helpers.js';

const CORPUS = join(ROOT, '../shared/corpus/zh');
const DOCS = existsSync(CORPUS) ? CORPUS : join(ROOT, 'spec/docs');
if (!existsSync(CORPUS)) console.log('packages: ../shared/corpus not found; the installed generator builds spec/docs instead');

const sh = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe('the packages, packed and installed', () => {
  let dir = '';
  let app = '';
  const tarballs: Record<string, string> = {};
  beforeAll(() => {
    dir = tempDir('packages');
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    sh('npm', ['pack', '-w', 'generator', '-w', 'generated', '--pack-destination', packs, '--silent'], ROOT);
    for (const f of readdirSync(packs)) tarballs[f.replace(/-\d.*$/, '')] = join(packs, f);
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tarballs['scloud-sdk']!, tarballs['scloud-gen']!], app);
  }, 900_000);
  afterAll(() => removeDir(dir));

  it('publint says All good and attw finds no problem (the generator is ESM only: esm-only profile)', () => {
    for (const t of Object.values(tarballs)) expect(sh(join(ROOT, 'node_modules/.bin/publint'), [t], ROOT)).toContain('All good');
    expect(sh(join(ROOT, 'node_modules/.bin/attw'), [tarballs['scloud-sdk']!], ROOT)).toContain('No problems found');
    // attw exits non-zero on any problem it does not ignore; the generator's only one is "require() gets ESM".
    expect(sh(join(ROOT, 'node_modules/.bin/attw'), ['--profile', 'esm-only', tarballs['scloud-gen']!], ROOT)).toMatch(/node16 \(from ESM\).*🟢 \(ESM\)/s);
  });

  it('a client-only install holds no compiler, and the client loads with import and with require()', () => {
    const client = join(dir, 'client-only');
    mkdirSync(client);
    writeFileSync(join(client, 'package.json'), JSON.stringify({ name: 'c', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tarballs['scloud-sdk']!], client);
    const installed = readdirSync(join(client, 'node_modules'))
      .filter((n) => !n.startsWith('.'))
      .sort();
    expect(installed).toEqual(['scloud-sdk', 'undici']);
    const esm = sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { Client, SDK_VERSION } from 'scloud-sdk'; import { createCustomImage } from 'scloud-sdk/uhost'; console.log(typeof Client, typeof createCustomImage, SDK_VERSION)",
      ],
      client,
    );
    expect(esm.trim()).toMatch(/^function function \d+\.\d+\.\d+/);
    const cjs = sh(
      process.execPath,
      [
        '-e',
        "const { Client } = require('scloud-sdk'); const { createCustomImage } = require('scloud-sdk/uhost'); console.log(typeof Client, typeof createCustomImage)",
      ],
      client,
    );
    expect(cjs.trim()).toBe('function function');
  });

  it("the installed client loads an optional feature's modules with the first call that uses it, through import and require()", () => {
    const client = join(dir, 'first-use');
    mkdirSync(client);
    writeFileSync(join(client, 'package.json'), JSON.stringify({ name: 'f', private: true }));
    sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tarballs['scloud-sdk']!], client);
    // One call per scenario against a server in the script; prints the result and which optional modules were loaded
    // (ESM: a load hook sees every module; CommonJS: require.cache, which modules import()ed from CommonJS join too).
    const head = {
      esm: `import { createServer } from 'node:http'; import { register } from 'node:module';
        const seen = []; const { port1, port2 } = new MessageChannel(); port1.on('message', (f) => seen.push(f)); port1.unref();
        register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function load(u, c, n) { port.postMessage(u); return n(u, c); }'), { data: { port: port2 }, transferList: [port2] });
        const { Client } = await import('scloud-sdk'); const { createCustomImage } = await import('scloud-sdk/uhost');
        const loaded = () => seen;`,
      cjs: `const { createServer } = require('node:http'); const { Client } = require('scloud-sdk'); const { createCustomImage } = require('scloud-sdk/uhost');
        const loaded = () => Object.keys(require.cache);`,
    };
    const script = (esm: boolean): string => `${esm ? head.esm : head.cjs}
      const scenario = process.argv[2];
      const server = createServer((req, res) => { req.resume(); req.on('end', () => res.end(JSON.stringify({ RetCode: 0, ImageId: scenario === 'checked' ? 7 : 'uimage-1' }))); });
      server.listen(0, '127.0.0.1', async () => {
        const keys = { publicKey: 'pk', privateKey: 'sk' };
        const api = { trace: { getTracer: () => ({ startActiveSpan: (n, o, c, fn) => fn({ setAttributes() {}, addEvent() {}, recordException() {}, setStatus() {}, end() {} }) }) }, context: { active: () => ({}) } };
        if (scenario === 'traced') globalThis[Symbol.for('opentelemetry.js.api.1')] = { trace: {} };
        const options = { static: keys, provider: { credentials: async () => keys }, checked: { ...keys, validateResponses: 'throw' }, traced: { ...keys, tracing: { api } } }[scenario];
        const c = new Client({ baseUrl: 'http://127.0.0.1:' + server.address().port, region: 'cn-bj2', env: {}, home: '/nonexistent', ...options });
        const r = await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' }).then((x) => x.ImageId, (e) => e.constructor.name);
        c.close(); server.close();
        const optional = loaded().map((f) => f.replace(/^.*\\/dist\\/(esm|cjs)\\/runtime\\//, '')).filter((f) => /^(credential-cache|drift|drift-log|spans)\\.js$/.test(f));
        console.log(JSON.stringify([r, [...new Set(optional)].sort()]));
      });`;
    writeFileSync(join(client, 'first-use.mjs'), script(true));
    writeFileSync(join(client, 'first-use.cjs'), script(false));
    const expected = {
      static: ['uimage-1', []],
      provider: ['uimage-1', ['credential-cache.js']],
      checked: ['ResponseDriftError', ['drift-log.js', 'drift.js']],
      traced: ['uimage-1', ['spans.js']],
    };
    for (const file of ['first-use.mjs', 'first-use.cjs']) {
      for (const [scenario, want] of Object.entries(expected))
        expect([file, scenario, JSON.parse(sh(process.execPath, [file, scenario], client))]).toEqual([file, scenario, want]);
    }
  });

  it('the installed generator builds the docs in any folder; the result type-checks', () => {
    const out = sh(process.execPath, [join(app, 'node_modules/.bin/scloud-gen'), 'build', '--docs', DOCS, '--quiet'], app);
    void out;
    expect(existsSync(join(app, 'spec/api/products.yaml'))).toBe(true);
    expect(existsSync(join(app, 'generated/index.ts'))).toBe(true);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        include: ['generated'],
      }),
    );
    expect(sh(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], app)).toBe('');
    // The same errors as in the repo: a wrong --docs is a usage error.
    expect(() => sh(process.execPath, [join(app, 'node_modules/.bin/scloud-gen'), 'build', '--docs', 'nope'], app)).toThrow(/--docs 'nope' is not a folder/);
  });

  it('the installed client calls the installed mock', async () => {
    const mock = spawn(process.execPath, [join(app, 'node_modules/.bin/scloud-gen'), 'mock', '--spec', join(app, 'spec/api'), '--port', '0'], { cwd: app });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        mock.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
          if (m !== null) resolve(m[1]!);
        });
        mock.on('exit', (code) => reject(new Error(`mock exited ${code}: ${text}`)));
      });
      const script = `import { Client } from 'scloud-sdk'; import { createCustomImage } from 'scloud-sdk/uhost';
        const c = new Client({ publicKey: 'ucloudsomeone@example.com1296235120854146120', privateKey: '46f09bb9fab4f12dfc160dae12273d5332b5debe', baseUrl: '${url}', region: 'cn-bj2', env: {}, home: '/nonexistent' });
        const r = await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' }); console.log(r.RetCode); c.close();`;
      expect(sh(process.execPath, ['--input-type=module', '-e', script], app).trim()).toBe('0');
      // SCLOUD_LOG and HTTP_PROXY from the environment, through the installed package: a forward proxy in the
      // script sees the call, the log line goes to stderr without the key or the signature.
      const viaProxy = `import { createServer, request } from 'node:http'; import { Client } from 'scloud-sdk'; import { createCustomImage } from 'scloud-sdk/uhost';
        const seen = []; const proxy = createServer((req, res) => { seen.push(req.url); const t = new URL(req.url);
          const up = request({ hostname: t.hostname, port: t.port, path: t.pathname + t.search, method: req.method, headers: { ...req.headers, host: t.host } }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
          req.pipe(up); });
        await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
        process.env.HTTP_PROXY = 'http://127.0.0.1:' + proxy.address().port;
        const c = new Client({ publicKey: 'ucloudsomeone@example.com1296235120854146120', privateKey: '46f09bb9fab4f12dfc160dae12273d5332b5debe', baseUrl: '${url}', region: 'cn-bj2', home: '/nonexistent' });
        const r = await createCustomImage(c, { UHostId: 'uhost-1', ImageName: 'web' }); c.close(); proxy.close();
        console.log(JSON.stringify({ retCode: r.RetCode, proxied: seen.map((u) => new URL(u).origin) }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', viaProxy], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, SCLOUD_LOG: 'debug', NO_PROXY: '', no_proxy: '' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ retCode: 0, proxied: [url] });
      expect(run.stderr).toMatch(/^scloud-sdk info CreateCustomImage attempt 1: HTTP 200, RetCode 0, \d+\.\d ms, request /m);
      expect(run.stderr).not.toMatch(/46f09bb9fab4f12dfc160dae12273d5332b5debe|Signature=/);
    } finally {
      mock.kill('SIGTERM');
    }
  });
});
