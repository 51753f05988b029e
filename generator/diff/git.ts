/**
 * Reads a spec directory as it was at a git ref, entirely in memory: `git ls-tree` lists the files,
 * one `git cat-file --batch` process streams their contents (no checkout, no temp files).
 */
import { execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../diagnostics.js';
import type { ActionSpec } from '../spec/model.js';
import { parseSpecText } from '../spec/io.js';

const run = promisify(execFile);

/** `dir` is relative to `cwd` (as the user typed it); returns specs sorted by product then action. */
export async function readSpecDirAtRef(
  ref: string,
  dir: string,
  cwd = process.cwd(),
): Promise<{ specs: ActionSpec[]; diagnostics: Diagnostic[] }> {
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`scloud-gen diff: --base ${ref} is not a commit in this repository; try a branch, tag or sha`);
  });
  // Only <dir>/<product>/<Action>.yaml, as readSpecDir reads: deeper or shallower files are not specs.
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  const full = relative(top, resolve(realpathSync(cwd), dir)).split(sep).join('/');
  if (full.startsWith('..')) throw new UsageError(`scloud-gen diff: '${dir}' is outside the git repository at ${top}`);
  const listing = await git(cwd, ['ls-tree', '-r', '--full-name', '--name-only', ref, '--', `:(top)${full}`]);
  const files = listing
    .split('\n')
    .filter((p) => p.startsWith(`${full}/`) && /^[^/]+\/[^/]+\.yaml$/.test(p.slice(full.length + 1)))
    .sort();
  if (files.length === 0) {
    // A ref before the spec existed is a legitimate base (everything is added); say so in case the dir is a typo.
    const message = `no spec files under '${full}' at ${ref}; every action counts as added (check the dir if that is unexpected)`;
    return { specs: [], diagnostics: [{ file: `${ref}:${full}`, line: 0, col: 0, severity: 'warning', code: 'no-specs-at-ref', message }] };
  }
  const texts = await catFiles(cwd, files.map((f) => `${ref}:${f}`));
  const specs: ActionSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  files.forEach((file, i) => {
    const r = parseSpecText(texts[i] ?? '', `${ref}:${file}`);
    diagnostics.push(...r.diagnostics);
    if (r.spec) specs.push(r.spec);
  });
  return { specs, diagnostics };
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; code?: string | number };
    if (err.code === 'ENOENT') throw new UsageError('scloud-gen diff: --base needs git on the PATH');
    throw new UsageError(`scloud-gen diff: git ${args[0]} failed: ${(err.stderr ?? String(e)).trim().split('\n')[0]}`);
  }
}

/** Contents of many `<ref>:<path>` objects through one `git cat-file --batch`. */
function catFiles(cwd: string, objects: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => reject(new UsageError(`scloud-gen diff: cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new UsageError(`scloud-gen diff: git cat-file failed: ${stderr.trim()}`));
      try {
        resolve(splitBatch(Buffer.concat(chunks), objects));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(objects.join('\n') + '\n');
  });
}

/** Batch output: `<sha> <type> <size>\n<content>\n` per object, or `<name> missing\n`. */
function splitBatch(buf: Buffer, objects: readonly string[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const name of objects) {
    const nl = buf.indexOf(10, pos);
    const header = buf.subarray(pos, nl).toString('utf8');
    const parts = header.split(' ');
    if (parts[1] === 'missing' || parts.length < 3) throw new UsageError(`scloud-gen diff: git has no object ${name}`);
    const size = Number(parts[2]);
    out.push(buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    pos = nl + 1 + size + 1;
  }
  return out;
}
