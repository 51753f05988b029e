/**
 * Bundle size of the client as an application ships it: esbuild `--bundle --minify --platform=node --format=esm`,
 * undici and node-fetch external (undici is CommonJS and cannot be inlined into an ESM bundle). Entries: `Client`
 * alone, `Client` + one action, the whole SDK; for this checkout's `generated/` (the repo's two sample pages) and,
 * with ../shared, for the dev corpus built by this checkout's generator (the largest responses live there).
 * `BUNDLE_ROOT=<checkout>` measures another checkout the same way (a before/after of a change).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(process.env.BUNDLE_ROOT ?? new URL('..', import.meta.url).pathname);
const CORPUS = resolve(new URL('../../shared/corpus/zh', import.meta.url).pathname);

async function size(contents: string, resolveDir: string): Promise<{ min: number; gzip: number }> {
  const r = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    external: ['undici', 'node-fetch'],
    logLevel: 'error',
  });
  const out = r.outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out).length };
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

async function measure(label: string, out: string, actions: [string, string][]): Promise<void> {
  const entries: [string, string][] = [
    ['Client only', `export { Client } from './index.ts';`],
    ...actions.map(([product, fn]): [string, string] => [
      `Client + ${fn} (${product})`,
      `export { Client } from './index.ts'; export { ${fn} } from './${product}/index.ts';`,
    ]),
    ['whole SDK', `export * as sdk from './index.ts';`],
  ];
  for (const [name, code] of entries) {
    const s = await size(code, out);
    console.log(`${label.padEnd(14)} ${name.padEnd(52)} ${kib(s.min).padStart(10)} min  ${kib(s.gzip).padStart(9)} gzip`);
  }
}

export async function run(): Promise<void> {
  console.log(`checkout ${ROOT}`);
  await measure('repo sample', join(ROOT, 'generated'), [['uhost', 'createCustomImage']]);
  if (!existsSync(CORPUS)) {
    console.log('dev corpus: ../shared not found, skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'scloud-bundle-'));
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin/scloud-gen.js'), 'build', '--docs', CORPUS, '--spec', join(dir, 'spec'), '--out', join(dir, 'out'), '--quiet', '--no-cache'],
      { cwd: dir, stdio: 'ignore' },
    );
    await measure('dev corpus', join(dir, 'out'), [
      ['uhost', 'createCustomImage'],
      ['uhost', 'describeUHostInstance'],
      ['uk8s', 'describeUK8SCluster'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
