#!/usr/bin/env node
// Entry point of the `scloud-gen` CLI in this repository: runs the compiled generator (generator/dist), compiling
// it first when its sources are newer than the last build (a stale build is never run).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'generator/dist/generator/.build-id');

/** Newest mtime under the generator's sources (generator/ without dist, runtime/, templates/, spec/schema.json). */
function newestSource() {
  let newest = statSync(join(root, 'spec/schema.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
    newest = Math.max(newest, statSync(dir).mtimeMs);
  };
  for (const d of ['generator', 'runtime', 'templates']) walk(join(root, d));
  return newest;
}

if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestSource()) {
  process.stderr.write('scloud-gen: the generator sources changed since its last build; compiling it (npm run build:gen)\n');
  const { spawnSync } = await import('node:child_process'); // only here: a run with a current build never loads it
  const r = spawnSync(process.execPath, [join(root, 'bin/build-generator.js')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// V8 flags first (generator/speed/v8-tuning.ts): they apply to the code compiled after them.
const { tuneV8 } = await import(new URL('../generator/dist/generator/speed/v8-tuning.js', import.meta.url).href);
tuneV8();
const { main } = await import(new URL('../generator/dist/generator/cli/main.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
