/**
 * Reads from git without a checkout: a spec directory as it was at a ref, entirely in memory (`git ls-tree`
 * lists the files, one `git cat-file --batch` process streams their contents), plus the few ref facts the
 * release flow needs (the repository, tags reachable from a ref, a commit's date).
 */
import { execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../diagnostics.js';
import { aliasDiagnostics, facadesOf, parseSpecText, type SpecDir } from '../spec/io.js';
import { ALIASES_FILE, parseAliases } from '../spec/aliases.js';
import type { ActionSpec } from '../spec/model.js';
import { parseProductTable } from '../spec/product-table.js';

const run = promisify(execFile);

/** Who asks, for messages: `{ command: 'diff', flag: '--base' }` -> "scloud-gen diff: --base <ref> ...". */
export interface Asker {
  command: string;
  flag: string;
}

const DIFF: Asker = { command: 'diff', flag: '--base' };

/** `dir` is relative to `cwd` (as the user typed it); returns specs sorted by product then action. */
export async function readSpecDirAtRef(ref: string, dir: string, cwd = process.cwd(), asker: Asker = DIFF): Promise<SpecDir> {
  await resolveCommit(ref, cwd, asker);
  // Only <dir>/<product>/<Action>.yaml, as readSpecDir reads: deeper or shallower files are not specs.
  const top = await gitTop(cwd, asker);
  const full = relative(top, resolve(realpathSync(cwd), dir))
    .split(sep)
    .join('/');
  if (full.startsWith('..')) throw new UsageError(`scloud-gen ${asker.command}: '${dir}' is outside the git repository at ${top}`);
  const listing = await git(cwd, ['ls-tree', '-r', '--full-name', '--name-only', ref, '--', `:(top)${full}`], asker);
  const files = listing
    .split('\n')
    .filter((p) => p.startsWith(`${full}/`) && /^[^/]+\/[^/]+\.yaml$/.test(p.slice(full.length + 1)))
    .sort();
  if (files.length === 0) {
    // A ref before the spec existed is a legitimate base (everything is added); say so in case the dir is a typo.
    const message = `no spec files under '${full}' at ${ref}; every action counts as added (check the dir if that is unexpected)`;
    return { specs: [], diagnostics: [{ file: `${ref}:${full}`, line: 0, col: 0, severity: 'warning', code: 'no-specs-at-ref', message }] };
  }
  const table = listing.split('\n').includes(`${full}/products.yaml`) ? `${full}/products.yaml` : undefined;
  const aliasFile = listing.split('\n').includes(`${full}/${ALIASES_FILE}`) ? `${full}/${ALIASES_FILE}` : undefined;
  const texts = await catFiles(
    cwd,
    [...files, ...(table !== undefined ? [table] : []), ...(aliasFile !== undefined ? [aliasFile] : [])].map((f) => `${ref}:${f}`),
    asker,
  );
  const specs: ActionSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  files.forEach((file, i) => {
    const r = parseSpecText(texts[i] ?? '', `${ref}:${file}`);
    diagnostics.push(...r.diagnostics);
    if (r.spec) specs.push(r.spec);
  });
  const entries = table !== undefined ? parseProductTable(texts[files.length] ?? '').entries : [];
  const aliases = aliasFile !== undefined ? parseAliases(texts.at(-1) ?? '') : { entries: [], problems: [] };
  diagnostics.push(...aliasDiagnostics(`${ref}:${aliasFile}`, aliases.problems));
  return {
    specs,
    diagnostics,
    ...(entries.length > 0 ? { facades: facadesOf(entries) } : {}),
    ...(aliases.entries.length > 0 ? { aliases: aliases.entries } : {}),
  };
}

/** The repository's top folder; a usage error when `cwd` is not inside a git work tree. */
export async function gitTop(cwd: string, asker: Asker): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
    return stdout.trim();
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new UsageError(`scloud-gen ${asker.command}: ${asker.flag} needs git on the PATH`);
    throw new UsageError(`scloud-gen ${asker.command}: ${cwd} is not inside a git repository; run it from the repository's folder`);
  }
}

/** The full sha of `ref`'s commit; a usage error naming the flag when it is not one. */
export async function resolveCommit(ref: string, cwd: string, asker: Asker): Promise<string> {
  await gitTop(cwd, asker);
  const sha = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], asker).catch(() => '');
  if (sha.trim() === '') throw new UsageError(`scloud-gen ${asker.command}: ${asker.flag} ${ref} is not a commit in this repository; try a branch, tag or sha`);
  return sha.trim();
}

/** Tags matching `v*` that are ancestors of (or at) `ref`, unsorted. */
export async function versionTagsMerged(ref: string, cwd: string, asker: Asker): Promise<string[]> {
  const out = await git(cwd, ['tag', '--merged', ref, '--list', 'v*'], asker);
  return out
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Committer date of `ref` as YYYY-MM-DD (the committer's own time zone). */
export async function commitDate(ref: string, cwd: string, asker: Asker): Promise<string> {
  return (await git(cwd, ['show', '-s', '--format=%cs', `${ref}^{commit}`], asker)).trim();
}

async function git(cwd: string, args: string[], asker: Asker = DIFF): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; code?: string | number };
    if (err.code === 'ENOENT') throw new UsageError(`scloud-gen ${asker.command}: ${asker.flag} needs git on the PATH`);
    throw new UsageError(`scloud-gen ${asker.command}: git ${args[0]} failed: ${(err.stderr ?? String(e)).trim().split('\n')[0]}`);
  }
}

/** Contents of many `<ref>:<path>` objects through one `git cat-file --batch`. */
function catFiles(cwd: string, objects: readonly string[], asker: Asker): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => reject(new UsageError(`scloud-gen ${asker.command}: cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new UsageError(`scloud-gen ${asker.command}: git cat-file failed: ${stderr.trim()}`));
      try {
        resolve(splitBatch(Buffer.concat(chunks), objects, asker));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(objects.join('\n') + '\n');
  });
}

/** Batch output: `<sha> <type> <size>\n<content>\n` per object, or `<name> missing\n`. */
function splitBatch(buf: Buffer, objects: readonly string[], asker: Asker): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const name of objects) {
    const nl = buf.indexOf(10, pos);
    const header = buf.subarray(pos, nl).toString('utf8');
    const parts = header.split(' ');
    if (parts[1] === 'missing' || parts.length < 3) throw new UsageError(`scloud-gen ${asker.command}: git has no object ${name}`);
    const size = Number(parts[2]);
    out.push(buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    pos = nl + 1 + size + 1;
  }
  return out;
}
