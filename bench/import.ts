/**
 * Import time of the client package at full size: the synthetic full-size reference (bench/full-corpus.ts) built into
 * a client package the way `npm run build` builds generated/ (bin/build-client.js), installed into an empty folder,
 * then `import('scloud-sdk')` against `import('scloud-sdk/uhost')` in fresh processes, in turn (A B A B ...), the
 * import alone timed inside each process (performance.now around the import(), Node's start-up left out), with the
 * median of the per-pair ratios. `scloud-sdk/all` (every product) is timed once per pair too. Needs ../shared.
 * `IMPORT_PAIRS` sets the number of pairs (default 20). The heavy suite runs the same (test/heavy/root-import.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeFullCorpus } from './full-corpus.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const CORPUS = join(ROOT, '../shared/corpus/zh');

/** Builds the full-size client package under `dir` and installs it into `<dir>/app`; returns the app folder. */
export function fullSizePackage(dir: string): string {
  makeFullCorpus(CORPUS, join(dir, 'docs'));
  const pkg = join(dir, 'pkg');
  const node = (args: string[]): string =>
    execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  node([join(ROOT, 'bin/scloud-gen.js'), 'build', '--docs', join(dir, 'docs'), '--spec', join(dir, 'spec'), '--out', pkg, '--quiet', '--no-cache']);
  cpSync(join(ROOT, 'generated/package.json'), join(pkg, 'package.json'));
  // The build resolves the client's dependencies (undici's types) from the repo, as for generated/.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  try {
    node([join(ROOT, 'bin/build-client.js'), '--dir', pkg]);
  } finally {
    rmSync(join(pkg, 'node_modules'));
  }
  const app = join(dir, 'app');
  mkdirSync(join(app, 'node_modules/scloud-sdk'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  for (const f of ['package.json', 'dist']) cpSync(join(pkg, f), join(app, 'node_modules/scloud-sdk', f), { recursive: true });
  return app;
}

/** Milliseconds the import of `specifier` takes in a fresh Node process in `app`, and how many names it has. */
export function importOnce(app: string, specifier: string): { ms: number; names: number } {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify({ ms: performance.now() - t, names: Object.keys(m).length }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' })) as { ms: number; names: number };
}

export interface Paired {
  /** Per specifier: the import times, in run order. */
  ms: Record<string, number[]>;
  /** Per pair: the first specifier's time over the second's. */
  ratios: number[];
}

/** `pairs` rounds of fresh processes importing each of `specifiers` in turn (the order alternates by round). */
export function pairedImports(app: string, specifiers: readonly string[], pairs: number): Paired {
  const ms: Record<string, number[]> = Object.fromEntries(specifiers.map((s) => [s, []]));
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? specifiers : [...specifiers].reverse();
    const round: Record<string, number> = {};
    for (const s of order) round[s] = importOnce(app, s).ms;
    for (const s of specifiers) ms[s]!.push(round[s]!);
    ratios.push(round[specifiers[0]!]! / round[specifiers[1]!]!);
  }
  return { ms, ratios };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function run(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log('import: ../shared/corpus not found, skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'scloud-import-'));
  try {
    const app = fullSizePackage(dir);
    const pairs = Number(process.env.IMPORT_PAIRS ?? 20);
    const r = pairedImports(app, ['scloud-sdk', 'scloud-sdk/uhost', 'scloud-sdk/all'], pairs);
    const line = (s: string): string =>
      `${s.padEnd(18)} median ${median(r.ms[s]!).toFixed(1)} ms (min ${Math.min(...r.ms[s]!).toFixed(1)}, max ${Math.max(...r.ms[s]!).toFixed(1)})`;
    console.log(`full-size client package, import alone in fresh processes, ${pairs} rounds in turn:`);
    for (const s of Object.keys(r.ms)) console.log(`  ${line(s)}`);
    console.log(
      `  root / one product: median of per-pair ratios ${median(r.ratios).toFixed(2)}x (min ${Math.min(...r.ratios).toFixed(2)}, max ${Math.max(...r.ratios).toFixed(2)}); target <= 2x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
