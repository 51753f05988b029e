/**
 * The runnable example stays runnable: build the client package (`npm run build`: generated/dist/esm and dist/cjs), then run
 * examples/create-custom-image.mjs, which imports the built package by name and talks to its own
 * signature-checking server on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('examples/create-custom-image.mjs through the built package', () => {
  it('builds dist/ and gets a signed, successful CreateCustomImage answer', () => {
    run(process.execPath, ['bin/build-client.js']);
    const out = run(process.execPath, ['examples/create-custom-image.mjs']);
    // The server answers 171 to a bad signature; a success proves body and signature agree end to end.
    expect(out).toMatch(/createCustomImage -> \{[^}]*RetCode: 0[^}]*ImageId: 'uimage-example'/s);
    expect(out).toContain("'DataUDiskIds.0': 'bs-1'");
    expect(out).toContain('client.call -> ApiError');
  }, 120_000);
});
