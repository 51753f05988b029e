/**
 * The checks both kit tests make in a folder where the package is installed (kit-app.ts): npm test installs a
 * copy of the built package, the heavy suite its tarball.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { KitApp } from './kit-app.js';
import { readApp, withoutDirectives } from './kit-app.js';

export function kitChecks(get: () => KitApp): void {
  it('every behaviour (test/testing/app/kit.spec.ts), run by vitest where the package is installed; no socket opened', () => {
    const { status, output } = get().vitest();
    expect(output, output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
    expect(status, output).toBe(0);
  }, 300_000);

  it('types: the examples compile, each @ts-expect-error line stays an error (vitest, jest expect, @types/jest)', () => {
    const app = get();
    expect(app.tsc('vitest', ['kit.spec.ts', 'types.ts'])).toBe('');
    expect(app.tsc('jest', ['jest-types.ts'])).toBe('');
    expect(app.tsc('jest-globals', ['jest-globals-types.ts'], ['node', 'jest'])).toBe('');
    // Without its directives, the file has exactly one error on each line a directive stood above.
    const { text, lines } = withoutDirectives(readApp(app.app, 'types.ts'));
    expect(lines.length).toBeGreaterThanOrEqual(12);
    writeFileSync(join(app.app, 'types-bare.ts'), text);
    const errors = [...app.tsc('bare', ['types-bare.ts']).matchAll(/^types-bare\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1]));
    expect(errors).toEqual(lines);
  }, 300_000);

  it("the matchers under jest's own expect, and the kit through require()", () => {
    const app = get();
    expect(app.node(['jest-expect.mjs']).trim()).toBe('ok');
    const cjs = `const { mockClient } = require('scloud-sdk/testing'); const { describeUHostInstance } = require('scloud-sdk/uhost');
      const mock = mockClient(); mock.on(describeUHostInstance, { Tag: 'cjs' }).resolves({ TotalCount: 9 });
      (async () => { const a = await describeUHostInstance(mock.client, { Tag: 'cjs' }); const b = await describeUHostInstance(mock.client);
        console.log(a.TotalCount, b.UHostSet[0].UHostId); })();`;
    expect(app.node(['-e', cjs]).trim()).toBe('9 uhost-example');
  });

  it('nothing of the kit in the main entry: an app bundling Client and one action holds no testing module and no example', async () => {
    const { build } = await import('esbuild');
    const app = get().app;
    writeFileSync(
      join(app, 'one-action.mjs'),
      "import { Client } from 'scloud-sdk'; import { describeUHostInstance } from 'scloud-sdk/uhost'; console.log(typeof Client, typeof describeUHostInstance);\n",
    );
    const r = await build({
      entryPoints: [join(app, 'one-action.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['undici', 'node-fetch'],
      write: false,
      metafile: true,
      absWorkingDir: app,
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.some((f) => f.includes('/runtime/client.js'))).toBe(true);
    expect(inputs.filter((f) => f.includes('/testing/') || f.endsWith('examples.js'))).toEqual([]);
  });
}
