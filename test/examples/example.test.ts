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
import { beforeAll, describe, expect, it } from 'vitest';
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

describe('examples/create-custom-image.mjs through the built package', () => {
  beforeAll(() => {
    run(process.execPath, ['bin/build-client.js']);
  }, 120_000);

  it('runs under Node', () => {
    expectExampleWorked(run(process.execPath, ['examples/create-custom-image.mjs']));
  }, 120_000);

  it('examples/testing-kit.mjs runs under Node (the testing kit, no server)', () => {
    const out = run(process.execPath, ['examples/testing-kit.mjs']);
    expect(out).toContain("unmocked -> image uimage-xxx");
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
        console.log(`skipped: no ${label} binary (set ${envName} to its path or put ${name} on PATH; npm install --no-save ${label === 'Bun' ? 'bun' : '@deno/linux-x64-glibc'} provides one)`);
        ctx.skip();
        return;
      }
      expectExampleWorked(run(bin, [...args, 'examples/create-custom-image.mjs']));
    }, 120_000);
  }
});

describe('examples/worker.mjs in workerd, from the packed package', () => {
  it('bundles for a Worker (conditions workerd, worker) and calls a signature-checking server without nodejs_compat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scloud-worker-'));
    const server = await new TestServer().start();
    try {
      // The package as users get it: packed (from the build beforeAll made) and installed from its tarball, outside the repo.
      execFileSync('npm', ['pack', '-w', 'generated', '--ignore-scripts', '--pack-destination', dir, '--silent'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
      const app = join(dir, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'worker-app', private: true, type: 'module' }));
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', join(dir, tarball)], { cwd: app, stdio: 'ignore', timeout: 300_000 });
      copyFileSync(join(ROOT, 'examples/worker.mjs'), join(app, 'worker.mjs'));
      // As the example's header says (wrangler resolves the same conditions).
      await build({ entryPoints: [join(app, 'worker.mjs')], bundle: true, format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker'], outfile: join(app, 'out/worker.js'), logLevel: 'error' });
      const bundle = readFileSync(join(app, 'out/worker.js'), 'utf8');
      expect(bundle).not.toMatch(/\bfrom\s*["']node:|\brequire\(|\bimport\(/);

      server.play(ok({ ImageId: 'uimage-worker' }), retCode(230, 'not implemented here'));
      const mf = new Miniflare({
        modules: true, modulesRoot: join(app, 'out'), scriptPath: join(app, 'out/worker.js'), compatibilityDate: '2025-09-01',
        bindings: { SCLOUD_PUBLIC_KEY: PUBLIC_KEY, SCLOUD_PRIVATE_KEY: PRIVATE_KEY, SCLOUD_BASE_URL: server.url },
      });
      try {
        const res = await mf.dispatchFetch('http://localhost/');
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ imageId: 'uimage-worker', other: 'ApiError 230' });
      } finally {
        await mf.dispose();
      }
      expect(server.received.map((r) => [r.params.Action, r.signatureOk])).toEqual([['CreateCustomImage', true], ['DescribeUHostInstance', true]]);
      expect(server.received[0]?.headers['user-agent']).toMatch(/^scloud-sdk\/\S+ workerd$/);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
