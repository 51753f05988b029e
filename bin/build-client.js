#!/usr/bin/env node
// Builds the client package (generated/): ESM JavaScript and declarations in dist/esm (tsc), then the same
// modules as CommonJS in dist/cjs (esbuild, file by file; dynamic import() stays import()), with the same
// declarations and a package.json that marks the folder CommonJS, so `require('scloud-sdk')` works everywhere;
// then dist/worker, what the `workerd` and `worker` export conditions name (below).
// `npm run build`; the client package's `prepack` runs it. `--dir <folder>` builds another client folder the same
// way (the tests build fixture clients; the folder must resolve the client's dependencies, e.g. a node_modules link).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--dir');
const pkg = at > 0 ? resolve(process.argv[at + 1] ?? '') : join(root, 'generated');
const dist = join(pkg, 'dist');
const run = (cmd, args, cleanup = () => undefined) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  cleanup();
  if (r.status !== 0) {
    console.error(`build-client: ${relative(root, cmd)} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
};
rmSync(dist, { recursive: true, force: true });
if (at > 0) {
  const config = join(pkg, '.tsconfig.build.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      compilerOptions: { rootDir: pkg, outDir: join(dist, 'esm'), typeRoots: [join(root, 'node_modules/@types')] },
      include: [pkg],
      exclude: [dist, join(pkg, 'node_modules')],
    }),
  );
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], () => rmSync(config, { force: true }));
} else {
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
}
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
run(join(root, 'node_modules/.bin/esbuild'), [
  ...js.map((f) => join(esm, f)),
  '--format=cjs',
  '--platform=node',
  '--target=node20',
  `--outdir=${cjs}`,
  `--outbase=${esm}`,
  '--log-level=warning',
]);
for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
  mkdirSync(dirname(join(cjs, f)), { recursive: true });
  copyFileSync(join(esm, f), join(cjs, f));
}
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');

// dist/worker: the ES modules of the root and of every product entry, bundled with shared chunks (one Client class
// whichever entry it is imported from), where runtime/optional-import.js rejects at once instead of calling
// import(name): a Worker has no node_modules to load undici, node-fetch or @opentelemetry/api from, and workerd's
// tooling (Miniflare) refuses a bundle holding an import() whose specifier is not a literal. Everything else is
// the same code; Node built-ins are reached only through process.getBuiltinModule, which a Worker does not have.
const entries = [
  'index.js',
  ...readdirSync(esm, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(e.name, 'index.js')),
];
const absent = {
  name: 'optional-packages-absent',
  setup(b) {
    b.onLoad({ filter: /[\\/]runtime[\\/]optional-import\.js$/ }, () => ({
      contents: 'export function importOptional(name) { return Promise.reject(new Error(`${name} cannot be loaded in a Worker`)); }',
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: entries.map((e) => join(esm, e)),
  outbase: esm,
  outdir: join(dist, 'worker'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [absent],
  logLevel: 'warning',
});
const shown = at > 0 ? dist : relative(root, dist);
console.error(`build-client: ${js.length} modules in ${shown}/esm and ${shown}/cjs, ${entries.length} entries in ${shown}/worker`);
