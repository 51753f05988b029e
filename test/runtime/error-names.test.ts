/**
 * Error names survive minification: a minifier renames classes, so a name read from the class (`new.target.name`)
 * would be `R` in a user's bundle, in log lines, hook payloads and span attributes alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../emit/helpers.js';

/** One instance of every exported error class, made with arguments its constructor takes. */
const MAKE = `
  const e = runtime;
  export const made = [
    new e.SCloudError('m'), new e.ConfigError('m'), new e.CredentialsError('m'), new e.ValidationError('A', ['x']),
    new e.ApiError('A', 1, 'm', undefined), new e.AuthError('A', 171, 'm', undefined), new e.ThrottleError('A', 153, 'm', undefined),
    new e.HttpError('A', 503, 'p', ''), new e.NetworkError('m', false, undefined), new e.TimeoutError('A', 1), new e.AbortError('m'),
    new e.WaiterTimeoutError('w', 'A', undefined, 1, 1), new e.WaiterFailedError('w', 'A', 's', 1), new e.ResponseDriftError('A', [], {}),
    new testing.UnmockedCallError('m'),
  ].map((x) => [x.name, x instanceof e.SCloudError]);
`;

describe('error names', () => {
  it('are the class names in a minified bundle (every exported error class, the testing kit too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scloud-error-names-'));
    try {
      const entry = `import * as runtime from ${JSON.stringify(join(ROOT, 'runtime/index.ts'))};\nimport * as testing from ${JSON.stringify(join(ROOT, 'runtime/testing/index.ts'))};\n${MAKE}`;
      const outfile = join(dir, 'bundle.mjs');
      buildSync({
        stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        outfile,
        logLevel: 'error',
        external: ['undici', 'node-fetch'],
      });
      const { made } = (await import(pathToFileURL(outfile).href)) as { made: [string, boolean][] };
      expect(made.map(([name]) => name)).toEqual([
        'SCloudError',
        'ConfigError',
        'CredentialsError',
        'ValidationError',
        'ApiError',
        'AuthError',
        'ThrottleError',
        'HttpError',
        'NetworkError',
        'TimeoutError',
        'AbortError',
        'WaiterTimeoutError',
        'WaiterFailedError',
        'ResponseDriftError',
        'UnmockedCallError',
      ]);
      expect(made.every(([, isBase]) => isBase)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
