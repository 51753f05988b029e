/**
 * The runnable examples stay runnable: build the client package (`npm run build`: generated/dist/esm, dist/cjs and
 * dist/worker), then run examples/create-custom-image.mjs, which imports the built package by name and talks to its
 * own signature-checking server on 127.0.0.1: under Node, and under Bun and Deno when their binaries are here
 * (SCLOUD_TEST_BUN / SCLOUD_TEST_DENO, else `bun` / `deno` on PATH; a clear line says when one is skipped).
 * Under Bun the default transport falls back to fetch (Bun's undici has no dispatcher); Deno runs undici.
 * examples/worker.mjs runs in workerd (Miniflare, no nodejs_compat), bundled for a Worker from the packed package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, TestServer } from '../runtime/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The runtime's binary: the env variable, else the name on PATH; undefined when neither works. */
function find(envName: string, name: string): string | undefined {
  const candidates = [process.env[envName], name].filter((c): c is string => c !== undefined && c !== '');
  for (const c of candidates) {
    if (c.includes('/') && !existsSync(c)) continue;
    const probe = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return c;
  }
  return undefined;
}

function expectExampleWorked(out: string): void {
  // The server answers 171 to a bad signature; a success proves body and signature agree end to end.
  expect(out).toMatch(/createCustomImage -> \{[^}]*RetCode: 0[^}]*ImageId: "?'?uimage-example/s);
  expect(out).toMatch(/["']?DataUDiskIds\.0["']?: ["']bs-1["']/);
  expect(out).toContain('client.call -> ApiError');
}

// The client package's build (dist/esm, dist/cjs, dist/worker), for every case below.
beforeAll(() => {
  run(process.execPath, ['bin/build-client.js']);
}, 120_000);

describe('examples/create-custom-image.mjs through the built package', () => {
  it('runs under Node', () => {
    expectExampleWorked(run(process.execPath, ['examples/create-custom-image.mjs']));
  }, 120_000);

  it('examples/testing-kit.mjs runs under Node (the testing kit, no server)', () => {
    const out = run(process.execPath, ['examples/testing-kit.mjs']);
    expect(out).toContain('unmocked -> image uimage-xxx');
    expect(out).toContain('testing-kit example: all assertions hold');
  }, 120_000);

  const runtimes: [string, string, string, string[]][] = [
    ['Bun', 'SCLOUD_TEST_BUN', 'bun', []],
    ['Deno', 'SCLOUD_TEST_DENO', 'deno', ['run', '-A']],
  ];
  for (const [label, envName, name, args] of runtimes) {
    it(`runs under ${label}`, (ctx) => {
      const bin = find(envName, name);
      if (bin === undefined) {
        console.log(
          `skipped: no ${label} binary (set ${envName} to its path or put ${name} on PATH; npm install --no-save ${label === 'Bun' ? 'bun' : '@deno/linux-x64-glibc'} provides one)`,
        );
        ctx.skip();
        return;
      }
      expectExampleWorked(run(bin, [...args, 'examples/create-custom-image.mjs']));
    }, 120_000);
  }
});

describe('in workerd (Miniflare, no nodejs_compat), from the packed package bundled for a Worker', () => {
  let dir = '';
  let app = '';
  const server = new TestServer();
  beforeAll(async () => {
    await server.start();
    dir = mkdtempSync(join(tmpdir(), 'scloud-worker-'));
    // The package as users get it: packed (from the build above) and installed from its tarball, outside the repo.
    execFileSync('npm', ['pack', '-w', 'generated', '--ignore-scripts', '--pack-destination', dir, '--silent'], {
      cwd: ROOT,
      stdio: 'ignore',
      timeout: 120_000,
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'worker-app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', join(dir, tarball)], {
      cwd: app,
      stdio: 'ignore',
      timeout: 300_000,
    });
  }, 300_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Bundles `<app>/<file>` as a Worker bundler does (wrangler resolves these conditions) and serves one request in workerd. */
  async function runWorker(file: string, platform: 'neutral' | 'browser'): Promise<{ status: number; body: unknown; bundle: string }> {
    const outfile = join(app, 'out', file);
    // platform browser for the OpenTelemetry SDK's packages (main fields, no exports map); they come from the repo's node_modules.
    await build({
      entryPoints: [join(app, file)],
      bundle: true,
      format: 'esm',
      platform,
      conditions: ['workerd', 'worker'],
      nodePaths: [join(ROOT, 'node_modules')],
      outfile,
      logLevel: 'error',
    });
    const mf = new Miniflare({
      modules: true,
      modulesRoot: join(app, 'out'),
      scriptPath: outfile,
      compatibilityDate: '2025-09-01',
      bindings: { SCLOUD_PUBLIC_KEY: PUBLIC_KEY, SCLOUD_PRIVATE_KEY: PRIVATE_KEY, SCLOUD_BASE_URL: server.url },
    });
    try {
      const res = await mf.dispatchFetch('http://localhost/');
      return { status: res.status, body: await res.json(), bundle: readFileSync(outfile, 'utf8') };
    } finally {
      await mf.dispose();
    }
  }

  it('examples/worker.mjs signs through Web Crypto and calls a signature-checking server', async () => {
    copyFileSync(join(ROOT, 'examples/worker.mjs'), join(app, 'worker.mjs'));
    server.play(ok({ ImageId: 'uimage-worker' }), retCode(230, 'not implemented here'));
    const { status, body, bundle } = await runWorker('worker.mjs', 'neutral');
    expect(bundle).not.toMatch(/\bfrom\s*["']node:|\brequire\(|\bimport\(/);
    expect(status).toBe(200);
    expect(body).toMatchObject({ imageId: 'uimage-worker', other: 'ApiError 230' });
    expect(server.received.map((r) => [r.params.Action, r.signatureOk])).toEqual([
      ['CreateCustomImage', true],
      ['DescribeUHostInstance', true],
    ]);
    expect(server.received[0]?.headers['user-agent']).toMatch(/^scloud-sdk\/\S+ workerd$/);
  }, 120_000);

  it('traces with tracing: { api } and the OpenTelemetry SDK bundled into the Worker', async () => {
    writeFileSync(
      join(app, 'traced.mjs'),
      `
      import * as api from '@opentelemetry/api';
      import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
      import { Client } from 'scloud-sdk';
      import { createCustomImage } from 'scloud-sdk/uhost';
      const exporter = new InMemorySpanExporter();
      api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
      export default {
        async fetch(request, env) {
          const client = new Client({ publicKey: env.SCLOUD_PUBLIC_KEY, privateKey: env.SCLOUD_PRIVATE_KEY, region: 'cn-bj2', baseUrl: env.SCLOUD_BASE_URL, tracing: { api } });
          await createCustomImage(client, { UHostId: 'uhost-1', ImageName: 'web' });
          return Response.json(exporter.getFinishedSpans().map((s) => ({ name: s.name, kind: s.kind, attributes: s.attributes })));
        },
      };`,
    );
    server.play(ok({ ImageId: 'uimage-traced' }));
    const { status, body } = await runWorker('traced.mjs', 'browser');
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        name: 'uhost/CreateCustomImage',
        kind: 2,
        attributes: expect.objectContaining({ 'rpc.system': 'scloud', 'rpc.service': 'uhost', 'scloud.attempts': 1, 'scloud.ret_code': 0 }),
      },
    ]);
    expect(server.received[0]?.signatureOk).toBe(true);
  }, 120_000);
});
