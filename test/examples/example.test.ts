/**
 * The runnable example stays runnable: build the client package (`npm run build`: generated/dist/esm and dist/cjs), then run
 * examples/create-custom-image.mjs, which imports the built package by name and talks to its own
 * signature-checking server on 127.0.0.1: under Node, and under Bun and Deno when their binaries are here
 * (SCLOUD_TEST_BUN / SCLOUD_TEST_DENO, else `bun` / `deno` on PATH; a clear line says when one is skipped).
 * Under Bun the default transport falls back to fetch (Bun's undici has no dispatcher); Deno runs undici.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

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
