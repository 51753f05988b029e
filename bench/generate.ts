/**
 * Generate-stage benchmarks (`npm run bench -- generate`): the 376-page corpus built cold, with nothing
 * changed and with one page changed (in process and through the CLI), actions/s, a same-run comparison
 * of the printing paths, and the esbuild bundle size of importing one action. Figures go in BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = join(ROOT, '../shared/corpus/zh');
/** External figure quoted by issue 3 (not measured here): openapi-typescript on GitHub's API description. */
const PEER_OPS_PER_S = 316;

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

async function build(docs: string, work: string, argv?: string[]): Promise<{ ms: number; summary: string }> {
  const { main } = await import('../generator/cli.js');
  const write = process.stderr.write.bind(process.stderr);
  let err = '';
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  const cwd = process.cwd();
  process.chdir(work);
  const t = performance.now();
  try {
    const code = await main(argv ?? ['build', '--docs', docs, '--spec', join(work, 'spec'), '--out', join(work, 'gen')]);
    if (code !== 0) throw new Error(`build failed (${code}): ${err.slice(-500)}`);
  } finally {
    process.chdir(cwd);
    process.stderr.write = write;
  }
  return { ms: performance.now() - t, summary: err.trim().split('\n').at(-1) ?? '' };
}

function cli(docs: string, work: string): number {
  const t = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'build', '--docs', docs, '--spec', join(work, 'spec'), '--out', join(work, 'gen')], { cwd: work, stdio: 'pipe' });
  return performance.now() - t;
}

/** The SDK's own code in a bundle: its dependencies stay external (undici must be, in an ESM bundle; see README). */
const EXTERNAL = ['--external:undici', '--external:node-fetch'];

function bundle(work: string, entry: string, code: string, flags: readonly string[] = EXTERNAL): number {
  const file = join(work, `${entry}.ts`);
  writeFileSync(file, code);
  const out = join(work, `${entry}.out.js`);
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), [file, '--bundle', '--minify', '--platform=node', '--format=esm', `--outfile=${out}`, ...flags], { stdio: 'pipe' });
  return readFileSync(out).length;
}

export async function run(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log('skipped: ../shared/corpus not found (generate bench)');
    return;
  }
  const base = join(ROOT, '.cache', 'bench');
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, 'generate-'));
  try {
    const docs = join(work, 'docs');
    cpSync(CORPUS, docs, { recursive: true });
    const cold = await build(docs, work);
    const actions = Number(/(\d+) actions/.exec(cold.summary)?.[1] ?? '0');
    const warm = await build(docs, work);
    const page = join(docs, 'uhost-api', 'create_custom_image.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace('生成自定义镜像', '生成一个自定义镜像'));
    const one = await build(docs, work);
    const gen1 = await build(docs, work, ['generate', '--spec', join(work, 'spec'), '--out', join(work, 'gen-only'), '--no-cache']);
    const gen2 = await build(docs, work, ['generate', '--spec', join(work, 'spec'), '--out', join(work, 'gen-only2'), '--no-cache']);
    console.log(`corpus: ${actions} actions from 376 pages`);
    console.log(`generate stage only (spec YAML -> TS, no cache): first ${ms(gen1.ms)} (loads ts-morph) -> ${(actions / (gen1.ms / 1000)).toFixed(0)} actions/s; again ${ms(gen2.ms)} -> ${(actions / (gen2.ms / 1000)).toFixed(0)} actions/s`);
    console.log(`build cold (in process, empty cache):  ${ms(cold.ms)}  -> ${(actions / (cold.ms / 1000)).toFixed(0)} actions/s (peer openapi-typescript: ${PEER_OPS_PER_S} operations/s, external figure)`);
    console.log(`build, nothing changed (in process):   ${ms(warm.ms)}   [${warm.summary}]`);
    console.log(`build, one page changed (in process):  ${ms(one.ms)}   [${one.summary}]`);

    const colds: number[] = [];
    const warms: number[] = [];
    for (let i = 0; i < 3; i++) {
      rmSync(join(work, '.cache'), { recursive: true, force: true });
      rmSync(join(work, 'gen'), { recursive: true, force: true });
      rmSync(join(work, 'spec'), { recursive: true, force: true });
      colds.push(cli(docs, work));
      warms.push(cli(docs, work));
    }
    const med = (l: number[]): number => [...l].sort((a, b) => a - b)[1]!;
    console.log(`CLI wall clock incl. node+tsx start, 3 runs: cold median ${ms(med(colds))} (min ${ms(Math.min(...colds))}), nothing changed median ${ms(med(warms))} (min ${ms(Math.min(...warms))})`);

    await printingPaths(join(work, 'gen'));

    const gen = join(work, 'gen');
    const runtimeOnly = bundle(work, 'runtime-only', `import { Client } from '${gen}/index.js';\nexport const c = new Client({});\n`);
    const oneAction = bundle(work, 'one-action', `import { Client } from '${gen}/index.js';\nimport { createCustomImage } from '${gen}/uhost/index.js';\nexport const f = () => createCustomImage(new Client({}), { UHostId: 'u', ImageName: 'n' });\n`);
    const everything = bundle(work, 'everything', `import * as sdk from '${gen}/index.js';\nexport const all = sdk;\n`);
    const gz = (n: string): string => `${(gzipSync(readFileSync(join(work, `${n}.out.js`))).length / 1024).toFixed(1)} KiB gz`;
    const deps = ['undici', 'node-fetch'].map((dep) => `${dep} ${(bundle(work, `dep-${dep}`, `export * from '${dep}';\n`, []) / 1024).toFixed(1)} KiB`);
    console.log(`esbuild --bundle --minify, dependencies external: runtime only ${(runtimeOnly / 1024).toFixed(1)} KiB (${gz('runtime-only')}), one action + runtime ${(oneAction / 1024).toFixed(1)} KiB (${gz('one-action')}), whole SDK ${(everything / 1024).toFixed(1)} KiB (${gz('everything')}); the dependencies alone: ${deps.join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Same-run comparison on the corpus output: our layout vs running prettier on every file. */
async function printingPaths(gen: string): Promise<void> {
  const { formatFile } = await import('../generator/emit/format.js');
  const { readdirSync } = await import('node:fs');
  const files: [string, string][] = [];
  for (const p of readdirSync(gen)) {
    if (p === 'runtime' || p.includes('.')) continue;
    for (const f of readdirSync(join(gen, p))) files.push([`${p}/${f}`, readFileSync(join(gen, p, f), 'utf8')]);
  }
  await formatFile('warm.ts', 'export const a = 1;\n');
  const t = performance.now();
  for (const [rel, text] of files) await formatFile(rel, text);
  const each = (performance.now() - t) / files.length;
  console.log(`prettier (babel-ts) if run on every file: ${each.toFixed(1)} ms/file x ${files.length} files = ${ms(each * files.length)} (the emitter lays out in prettier's style and skips it)`);
}

