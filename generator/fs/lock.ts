/**
 * The lock that keeps two runs from staging into the same folders at once: `.scloud-gen.lock` in the folders'
 * common parent, created exclusively, holding `<pid> <host> <start>` (`<start>`: the holder's start time, field 22
 * of /proc/<pid>/stat, where the system has one).
 *
 * A lock is created empty and then written: one without its text yet is a run that is just starting, unless it has
 * stayed so for longer than a run takes to write three words (its holder was killed in between).
 *
 * A lock is stale, and taken over, when its holder is not running: no process has the pid; the process with that pid
 * is a zombie (dead, not yet reaped: containers without an init leave one after a `kill -9` of the process group); or
 * the pid now belongs to another process, which started at another time than the one recorded (a reused pid).
 */
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../diagnostics.js';

export const LOCK_FILE = '.scloud-gen.lock';

/** What /proc says of a process: its state letter (`R`, `S`, `Z`...) and start time; undefined without /proc. */
export interface ProcessInfo {
  state: string;
  start: string;
}

/** /proc/<pid>/stat's state and start time (fields 3 and 22; the name before them may hold spaces and parentheses). */
export function processInfo(pid: number | 'self'): ProcessInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state === undefined || start === undefined ? undefined : { state, start };
}

/** The lock's text for this process. */
export function lockText(pid = process.pid, host = hostname(), start = processInfo('self')?.start): string {
  return `${pid} ${host}${start === undefined ? '' : ` ${start}`}\n`;
}

/** Whether the lock with `text` is held by a live process on this host (see the top comment). */
export function holderAlive(text: string, host = hostname()): boolean {
  const [pidText, lockHost, start] = text.trim().split(' ');
  const pid = Number(pidText);
  if (lockHost !== host || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const info = processInfo(pid);
  if (info === undefined) return true; // no /proc (or it went just now): the signal said it runs
  if (info.state === 'Z' || info.state === 'X') return false;
  return start === undefined || start === info.start;
}

/** Takes the lock in `dir` (a stale one is taken over); returns the release function. */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(file, 'wx');
      await h.writeFile(lockText());
      await h.close();
      return async () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const text = await readFile(file, 'utf8').catch(() => '');
      if (holderAlive(text) || (await beingWritten(file, text))) {
        const pid = text.split(' ')[0];
        const who = pid === undefined || pid === '' ? 'another run' : `another run (pid ${pid})`;
        throw new UsageError(`scloud-gen: ${who} is writing beside ${dir}; wait for it to finish, or delete ${file} if it is not running`);
      }
      await rm(file, { force: true }); // left by a run that was killed
    }
  }
  throw new UsageError(`scloud-gen: cannot take the lock ${file}; delete it if no other scloud-gen run is going`);
}

/** How long a lock may stay without its text before it counts as left by a run killed while writing it. */
const UNWRITTEN_LOCK_MS = 10_000;

/** Whether `text` (read from the lock `file`) is not complete yet and the file is young: its run is writing it. */
async function beingWritten(file: string, text: string): Promise<boolean> {
  if (text.endsWith('\n')) return false;
  const s = await stat(file).catch(() => undefined);
  return s !== undefined && Date.now() - s.mtimeMs < UNWRITTEN_LOCK_MS;
}
