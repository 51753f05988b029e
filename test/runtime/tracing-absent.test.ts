/**
 * Tracing when `@opentelemetry/api` is not installed, or installed but unused: fresh Node processes running the
 * bundled runtime from a folder whose node_modules holds no API package, or a stand-in that records being imported.
 * The client never imports the API while no tracer provider is registered, works without it, and says once when a
 * provider is registered that it cannot import it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../emit/helpers.js';
import { bundleRuntime, fakePackage, runInDir } from './bundled.js';
import { PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
const dirs: string[] = [];
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
  dirs.forEach(removeDir);
});

/** Three calls; prints the results and the warnings logged. */
const calls = (): string => `
  const warnings = [];
  const logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
  const c = new runtime.Client({ publicKey: '${PUBLIC_KEY}', privateKey: '${PRIVATE_KEY}', baseUrl: '${server.url}', env: {}, home: '/nonexistent', logger, logLevel: 'warn' });
  const results = [];
  for (let i = 0; i < 3; i++) results.push((await c.call('DescribeImage', {})).RetCode);
  c.close();
  console.log(JSON.stringify({ results, warnings }));`;

/** A registered tracer provider as the API leaves it on the global, without the API package. */
const REGISTERED = "globalThis[Symbol.for('opentelemetry.js.api.1')] = { version: '1.9.0', trace: {} };";

function folder(label: string): string {
  const dir = bundleRuntime(label);
  dirs.push(dir);
  return dir;
}

describe('tracing without @opentelemetry/api', () => {
  it('no API package and no provider: calls work, nothing is logged', async () => {
    const dir = folder('otel-none');
    const r = await runInDir(dir, calls());
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ results: [0, 0, 0], warnings: [] });
  });

  it('API package installed but no provider registered: it is never imported', async () => {
    const dir = folder('otel-unused');
    const marker = join(dir, 'imported');
    fakePackage(
      dir,
      '@opentelemetry/api',
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'yes'); export const trace = {}; export const context = {};`,
    );
    const r = await runInDir(dir, calls());
    expect(JSON.parse(r.stdout)).toEqual({ results: [0, 0, 0], warnings: [] });
    expect(existsSync(marker)).toBe(false);
    // The stand-in is importable from there: the check above would see an import.
    expect((await runInDir(dir, "await import('@opentelemetry/api');")).status).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('yes');
  });

  it('a provider registered but no API package to import: calls work untraced, one warning per client', async () => {
    const dir = folder('otel-missing');
    const r = await runInDir(dir, calls(), REGISTERED);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      results: [0, 0, 0],
      warnings: ['tracing: a tracer provider is registered but @opentelemetry/api cannot be imported here; pass tracing: { api }'],
    });
  });

  it('a provider registered and the API package installed: imported once for every call after', async () => {
    const dir = folder('otel-once');
    const log = join(dir, 'imports');
    fakePackage(
      dir,
      '@opentelemetry/api',
      `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(log)}, 'import\\n');
      const span = { setAttributes() {}, addEvent() {}, recordException() {}, setStatus() {}, end() { appendFileSync(${JSON.stringify(log)}, 'span\\n'); } };
      export const trace = { getTracer: () => ({ startActiveSpan: (name, options, context, fn) => fn(span) }) };
      export const context = { active: () => ({}) };`,
    );
    const r = await runInDir(dir, calls(), REGISTERED);
    expect(JSON.parse(r.stdout)).toEqual({ results: [0, 0, 0], warnings: [] });
    expect(readFileSync(log, 'utf8')).toBe('import\nspan\nspan\nspan\n');
  });
});
