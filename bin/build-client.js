#!/usr/bin/env node
// Builds the client package (generated/): ESM JavaScript and declarations in dist/esm (tsc), then the same
// modules as CommonJS in dist/cjs (esbuild, file by file; dynamic import() stays import()), with the same
// declarations and a package.json that marks the folder CommonJS, so `require('scloud-sdk')` works everywhere.
// `npm run build`; the client package's `prepack` runs it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'generated', 'dist');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`build-client: ${relative(root, cmd)} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
};
rmSync(dist, { recursive: true, force: true });
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
const esm = join(dist, 'esm');
const cjs = join(dist, 'cjs');
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(relative(esm, p));
  }
};
walk(esm);
const js = files.filter((f) => f.endsWith('.js'));
run(join(root, 'node_modules/.bin/esbuild'), [...js.map((f) => join(esm, f)), '--format=cjs', '--platform=node', '--target=node20', `--outdir=${cjs}`, `--outbase=${esm}`, '--log-level=warning']);
for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
  mkdirSync(dirname(join(cjs, f)), { recursive: true });
  copyFileSync(join(esm, f), join(cjs, f));
}
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
console.error(`build-client: ${js.length} modules in generated/dist/esm and generated/dist/cjs`);
