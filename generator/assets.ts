/**
 * Where the generator's own files are. In this repository: the repository root (templates/, runtime/,
 * spec/schema.json). In the installed `scloud-gen` package: its `assets/` folder, which `prepack` fills with
 * copies of the same files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, or the package root once installed (the folder above generator/ or dist/). */
export const REPO_ROOT = findRoot();

function findRoot(): string {
  // Sources: <root>/generator/paths.ts. Compiled: <root>/generator/dist/generator/paths.js (or <pkg>/dist/generator/paths.js).
  for (const up of ['../', '../../../', '../../']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'templates', 'header.hbs')) || existsSync(join(dir, 'assets', 'templates', 'header.hbs'))) return dir;
  }
  return fileURLToPath(new URL('../', import.meta.url));
}

const ASSETS = existsSync(join(REPO_ROOT, 'assets', 'templates', 'header.hbs')) ? join(REPO_ROOT, 'assets') : undefined;

/** `templates`, `runtime` or `schema.json`: the packaged copy when installed, the repository's otherwise. */
export function assetPath(name: 'templates' | 'runtime' | 'schema.json'): string {
  if (ASSETS !== undefined) return join(ASSETS, name);
  return name === 'schema.json' ? join(REPO_ROOT, 'spec', 'schema.json') : join(REPO_ROOT, name);
}
