/**
 * Where the spec files of a folder are. Kept apart from io.ts (which loads yaml and ajv) so that a cached
 * run can list the files without loading either.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Paths of every `<dir>/<product>/<Action>.yaml`, sorted by product then file name. */
export async function listSpecFiles(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const products = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const product of products) {
    const files = (await readdir(join(dir, product))).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of files) paths.push(join(dir, product, f));
  }
  return paths;
}
