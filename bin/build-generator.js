#!/usr/bin/env node
// Compiles the generator to generator/dist (tsc), then stamps the build with the hash of its sources, which
// every cache key includes. `npm run build:gen`; bin/scloud-gen.js runs it when the sources changed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const r = spawnSync(process.execPath, [tsc, '-p', 'generator/tsconfig.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) {
  console.error('scloud-gen: compiling the generator failed (above); fix the TypeScript errors and run `npm run build:gen` again');
  process.exit(r.status ?? 1);
}
// tsc never deletes: compiled files whose source is gone (a module removed or renamed) would still be loadable and
// packed into scloud-gen, so they go.
const dist = join(root, 'generator', 'dist');
const prune = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) prune(p);
    else if (/\.(d\.ts|js)$/.test(e.name) && !existsSync(join(root, relative(dist, p)).replace(/(\.d\.ts|\.js)$/, '.ts'))) rmSync(p);
  }
};
prune(dist);
// generator/assets (prepack's copy of runtime/ and templates/) is read as source, never compiled (tsconfig excludes it).
rmSync(join(dist, 'generator', 'assets'), { recursive: true, force: true });
// The spec schema's validator, compiled once here (ajv standalone) instead of at every run's start.
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const standalone = require('ajv/dist/standalone').default;
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
const schema = JSON.parse(readFileSync(new URL('../spec/schema.json', import.meta.url), 'utf8'));
writeFileSync(new URL('../generator/dist/generator/spec/schema-validator.cjs', import.meta.url), standalone(ajv, ajv.compile(schema)));
const { sourceHash } = await import(new URL('../generator/dist/generator/generator-version.js', import.meta.url).href);
writeFileSync(new URL('../generator/dist/generator/.build-id', import.meta.url), `${sourceHash()}\n`);

// --assets (the scloud-gen package's prepack): the files the installed generator reads, copied into the package:
// the templates, the runtime it copies into every client, the spec schema.
if (process.argv.includes('--assets')) {
  const assets = join(root, 'generator', 'assets');
  rmSync(assets, { recursive: true, force: true });
  cpSync(join(root, 'templates'), join(assets, 'templates'), { recursive: true });
  cpSync(join(root, 'runtime'), join(assets, 'runtime'), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  cpSync(join(root, 'spec', 'schema.json'), join(assets, 'schema.json'));
  console.error('build-generator: generator/assets holds templates/, runtime/ and schema.json');
}
