/** Shared helpers of the generate tests: fixture specs, temp folders inside the repo, tsc runs. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSpecDir } from '../../generator/spec/io.js';
import type { ActionSpec } from '../../generator/spec/model.js';
import { vi } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_SPEC = join(ROOT, 'test/fixtures/generate/spec');

export async function fixtureSpecs(dir = FIXTURE_SPEC): Promise<ActionSpec[]> {
  const { specs, diagnostics } = await readSpecDir(dir);
  if (diagnostics.length > 0) throw new Error(`fixture specs invalid: ${diagnostics.map((d) => d.message).join('; ')}`);
  return specs;
}

/** A temp folder inside the repo (so node_modules and @types resolve for tsc); removed by the caller. */
export function tempDir(label: string): string {
  const base = join(ROOT, '.cache', 'test');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

/**
 * The run folders of a cache root (`<cwd>/.cache/scloud-gen`): those holding an `index.json`, as the state's own
 * pruning counts them (the root also holds `v8-code/`), sorted.
 */
export function runFolders(cacheRoot: string): string[] {
  return readdirSync(cacheRoot)
    .filter((n) => existsSync(join(cacheRoot, n, 'index.json')))
    .sort()
    .map((n) => join(cacheRoot, n));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeTree(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

export function readTree(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      if (skip(r)) continue;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** Strict type-check of `include` (paths relative to dir); returns tsc's output ('' when clean). */
export function typecheck(dir: string, include: string[], exclude: string[] = []): string {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include,
      exclude,
    }),
  );
  try {
    execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

/** `scloud-gen <argv>` in this process through the CLI entry: its exit code and what it wrote to stdout and stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../../generator/cli/main.js');
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
