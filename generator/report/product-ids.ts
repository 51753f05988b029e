/**
 * Where a diagnostic belongs: its path relative to the docs dir (what a baseline stores) and its product id
 * (what `--product` filters on).
 */
import { posix } from 'node:path';
import { productSlug } from '../spec/product-table.js';

/**
 * Product id of a docs folder by the id rule (spec/product-table.ts): `uhost-api` -> `uhost`, `vpc2.0-api` -> `vpc2_0`.
 * (A folder whose id the product table settled otherwise, after a collision, is matched by its id.)
 */
export function productId(folder: string): string {
  return productSlug(folder);
}

export interface Location {
  /** Path under the first root that contains the file (`uhost-api/a.md`), else the path as given (POSIX). */
  rel: string;
  /** Product id, or undefined when the path names no folder. */
  product: string | undefined;
}

/**
 * Locate `file` against `roots` (docs dirs, as passed on the command line). Under a root, the product is the
 * first folder below it; elsewhere (overlays `spec/overrides/<product>/X.yaml`, emit warnings that name
 * `uhost-api/a.md`) it is the file's parent folder, the layout being one folder per product.
 */
export function locate(file: string, roots: readonly string[]): Location {
  const path = normalise(file);
  for (const root of roots) {
    const r = normalise(root);
    if (r === '.' || path.startsWith(`${r}/`)) {
      const rel = r === '.' ? path : path.slice(r.length + 1);
      const segments = rel.split('/');
      return { rel, product: segments.length > 1 ? productId(segments[0]!) : undefined };
    }
  }
  const parent = posix.basename(posix.dirname(path));
  return { rel: path, product: parent === '.' || parent === '' || parent === '..' ? undefined : productId(parent) };
}

function normalise(p: string): string {
  return posix.normalize(p.split('\\').join('/')).replace(/\/+$/, '');
}
