/**
 * Bundle size of the client as an application ships it: esbuild `--bundle --minify --platform=node --format=esm`,
 * undici and node-fetch external (undici is CommonJS and cannot be inlined into an ESM bundle). Entries: `Client`
 * alone, `Client` + one action, the whole SDK; for this checkout's `generated/` (the repo's two sample pages) and,
 * with ../shared, for the dev corpus built by this checkout's generator (the largest responses live there).
 * Two forms: one file (esbuild without --splitting, wrangler: what the optional features load on first use is inlined),
 * and split (`--splitting`, as Rollup, Vite and webpack do by default): the files loaded at import (the entry and the
 * chunks it imports), and the chunks loaded only on first use (a provider's cache, response checking, spans).
 * `BUNDLE_ROOT=<checkout>` measures another checkout the same way (a before/after of a change).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** The split form: bytes (minified, and gzip file by file) loaded at import, and in the chunks loaded on first use. */
async function splitSize(contents: string, resolveDir: string): Promise<{ atImport: number; atImportGzip: number; onFirstUse: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'scloud-split-'));
  try {
    writeFileSync(join(dir, 'entry.ts'), contents.replaceAll("'./", `'${resolveDir}/`));
    const r = await build({
      entryPoints: [join(dir, 'entry.ts')],
      outdir: join(dir, 'out'),
      bundle: true,
      splitting: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      external: ['undici', 'node-fetch'],
      logLevel: 'error',
    });
    const files = new Map(r.outputFiles.map((f) => [f.path, f.contents]));
    const outputs = r.metafile.outputs;
    const key = (path: string): string => Object.keys(outputs).find((k) => path.endsWith(k.replace(/^.*?out\//, '/out/'))) ?? path;
    const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
    const loaded = new Set<string>();
    const visit = (k: string): void => {
      if (loaded.has(k)) return;
      loaded.add(k);
      for (const i of outputs[k]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    };
    visit(entry);
    let atImport = 0;
    let atImportGzip = 0;
    let onFirstUse = 0;
    for (const [path, bytes] of files) {
      if (loaded.has(key(path))) {
        atImport += bytes.length;
        atImportGzip += gzipSync(bytes).length;
      } else onFirstUse += bytes.length;
    }
    return { atImport, atImportGzip, onFirstUse };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

async function measure(label: string, out: string, actions: [string, string][]): Promise<void> {
  const entries: [string, string][] = [
    ['Client only', `export { Client } from './index.ts';`],
    ...actions.map(([product, fn]): [string, string] => [
      `Client + ${fn} (${product})`,
      `export { Client } from './index.ts'; export { ${fn} } from './${product}/index.ts';`,
    ]),
    // Every product: scloud-sdk/all (before issue 25 the package root held them all).
    ['whole SDK', existsSync(join(out, 'all/index.ts')) ? `export * as sdk from './all/index.ts';` : `export * as sdk from './index.ts';`],
  ];
  for (const [name, code] of entries) {
    const s = await size(code, out);
    const split = await splitSize(code, out);
    console.log(
      `${label.padEnd(14)} ${name.padEnd(52)} ${kib(s.min).padStart(10)} min  ${kib(s.gzip).padStart(9)} gzip; split: ${kib(split.atImport)} ` +
        `(gzip ${kib(split.atImportGzip)}) at import, ${kib(split.onFirstUse)} on first use`,
    );
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
