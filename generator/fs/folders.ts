/**
 * Folder checks made before anything is written: a run that would write into its own input, write two outputs
 * into one folder, or replace a file or the working folder stops with a usage error instead.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../diagnostics.js';

export interface RunPaths {
  docs?: string | undefined;
  spec?: string | undefined;
  out?: string | undefined;
  overrides?: string | undefined;
  runtime?: string | undefined;
}

/** Absolute path with symlinks of existing parts resolved, so two spellings of one folder compare equal. */
export function real(path: string): string {
  let p = resolve(path);
  const rest: string[] = [];
  while (!existsSync(p)) {
    const parent = resolve(p, '..');
    if (parent === p) break;
    rest.unshift(p.slice(parent.length).replace(/^[\\/]/, ''));
    p = parent;
  }
  return resolve(realpathSync(p), ...rest);
}

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Checks the folders of a command that reads `docs`/`spec` and writes the folders named in `writes`.
 * Throws a UsageError naming the flags and the fix.
 */
export function checkPaths(command: string, paths: RunPaths, writes: readonly ('spec' | 'out')[]): void {
  const fail = (message: string): never => {
    throw new UsageError(`scloud-gen ${command}: ${message}`);
  };
  if (paths.docs !== undefined && (!existsSync(paths.docs) || !statSync(paths.docs).isDirectory())) {
    fail(`--docs '${paths.docs}' is not a folder; point it at a folder with one sub-folder per product`);
  }
  const cwd = real(process.cwd());
  const abs = Object.fromEntries(
    Object.entries(paths)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, real(v as string)]),
  ) as Record<keyof RunPaths, string | undefined>;
  for (const flag of ['spec', 'out'] as const) {
    const given = paths[flag];
    const target = abs[flag];
    if (given === undefined || target === undefined) continue;
    if (writes.includes(flag)) {
      if (existsSync(given) && !statSync(given).isDirectory()) fail(`--${flag} '${given}' is a file; pass a folder (it is replaced as a whole)`);
      if (inside(cwd, target))
        fail(`--${flag} '${given}' is the working folder or holds it; the output folder is replaced as a whole, pick a folder of its own`);
    }
    for (const other of ['docs', 'overrides', 'runtime'] as const) {
      const o = abs[other];
      if (o !== undefined && (inside(o, target) || inside(target, o))) {
        fail(
          `--${flag} '${given}' overlaps --${other} '${paths[other]}'; outputs are replaced as a whole and must not hold (or sit inside) an input, pick separate folders`,
        );
      }
    }
  }
  if (abs.spec !== undefined && abs.out !== undefined && (inside(abs.spec, abs.out) || inside(abs.out, abs.spec))) {
    fail(`--spec '${paths.spec}' and --out '${paths.out}' overlap; the spec and the client each need a folder of their own`);
  }
}
