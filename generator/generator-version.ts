/**
 * The generator's version for cache keys: a hash of its own code, templates and schema and of the versions of
 * the libraries that shape its output (ts-morph, prettier, marked, yaml). A compiled generator reads the hash
 * its build wrote (`.build-id` beside the compiled code); run from sources, it hashes them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetPath, REPO_ROOT } from './assets.js';

let cached: string | undefined;

export function generatorVersion(): string {
  if (cached !== undefined) return cached;
  const stamp = fileURLToPath(new URL('./.build-id', import.meta.url));
  cached = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : sourceHash();
  return cached;
}

/** Hash of the generator's sources, templates, schema and output-shaping dependencies. */
export function sourceHash(): string {
  const h = createHash('sha1');
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      h.update(`missing:${dir}`);
      return;
    }
    for (const e of entries) {
      if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|hbs|json)$/.test(e.name)) h.update(`${p.slice(REPO_ROOT.length)}\0`).update(readFileSync(p));
    }
  };
  walk(join(REPO_ROOT, 'generator'));
  walk(assetPath('templates'));
  h.update(readFileSync(assetPath('schema.json')));
  for (const pkg of ['ts-morph', 'prettier', 'marked', 'yaml']) h.update(dependencyVersion(pkg));
  return h.digest('hex');
}

function dependencyVersion(pkg: string): string {
  for (const base of [join(REPO_ROOT, 'node_modules'), join(REPO_ROOT, '..', 'node_modules'), join(REPO_ROOT, '..', '..')]) {
    try {
      return `${pkg}@${(JSON.parse(readFileSync(join(base, pkg, 'package.json'), 'utf8')) as { version: string }).version}`;
    } catch {
      /* next */
    }
  }
  return `${pkg}@?`;
}
