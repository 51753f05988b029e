/**
 * The runtime as one ES module file in a folder of its own (esbuild, as a user's bundler makes it), for tests that
 * need a fresh process and control over what that folder's node_modules holds: no @opentelemetry/api, a stand-in
 * for it, or no Node built-ins at all.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { ROOT } from '../emit/helpers.js';

/**
 * Bundles runtime/index.ts to `<new temp folder>/runtime.mjs`; returns the folder. The folder is outside the repo,
 * so no package resolves from the repo's node_modules there.
 */
export function bundleRuntime(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `scloud-${label}-`));
  buildSync({
    entryPoints: [join(ROOT, 'runtime/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(dir, 'runtime.mjs'),
    logLevel: 'error',
  });
  return dir;
}

/** Writes a package into `<dir>/node_modules/<name>` with `index.mjs` as its only module. */
export function fakePackage(dir: string, name: string, source: string): void {
  const pkg = join(dir, 'node_modules', name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.9.0', type: 'module', exports: './index.mjs' }));
  writeFileSync(join(pkg, 'index.mjs'), source);
}

/**
 * Runs `body` (an ES module body where `runtime` is the bundled module) in a fresh Node process in `dir`, after
 * `prelude` (run before the runtime is imported). Asynchronous, so a server in this process can answer it.
 */
export function runInDir(dir: string, body: string, prelude = ''): Promise<{ stdout: string; stderr: string; status: number | null }> {
  const script = `${prelude}\nconst runtime = await import(${JSON.stringify(pathToFileURL(join(dir, 'runtime.mjs')).href)});\n${body}`;
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}

export { ROOT };
