/**
 * Replay of the real docs history (../shared/history/dev-docs.bundle) for the heavy suite: clone it into a
 * temp folder, check out commits one by one, build each with the CLI in-process (cache on) into one of two
 * alternating output folders, so the previous commit's spec and client are always next to the current ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../generator/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `scloud-gen <args>` in this process, capturing what it writes. */
export async function runCli(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array) => err.push(String(chunk)) > 0;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

export interface Side {
  spec: string;
  out: string;
}

export class Replay {
  readonly root = mkdtempSync(join(tmpdir(), 'scloud-replay-'));
  readonly docs = join(this.root, 'docs');
  readonly sides: [Side, Side] = [0, 1].map((i) => ({ spec: join(this.root, `side${i}`, 'spec'), out: join(this.root, `side${i}`, 'out') })) as [Side, Side];

  constructor(bundle: string) {
    execFileSync('git', ['clone', '-q', bundle, this.docs]);
  }

  /** The last `n` first-parent commits, oldest first. */
  lastCommits(n: number): string[] {
    return this.git('rev-list', '--first-parent', `--max-count=${n}`, 'HEAD').trim().split('\n').reverse();
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.docs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }

  /** Check out `sha` and build it into `side`. */
  async build(sha: string, side: Side): Promise<CliRun> {
    this.git('checkout', '-q', '--force', sha);
    return runCli(['build', '--docs', this.docs, '--spec', side.spec, '--out', side.out]);
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** product -> actions of a spec folder (`<spec>/<product>/<Action>.yaml`); empty when the folder is absent. */
export function specActions(spec: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!existsSync(spec)) return out;
  for (const p of readdirSync(spec, { withFileTypes: true })) {
    if (!p.isDirectory()) continue;
    const actions = readdirSync(join(spec, p.name))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
    if (actions.length > 0) out.set(p.name, actions);
  }
  return out;
}

/** product -> class facade name (`export class <Name> extends Client` in `<out>/<product>/client.ts`). */
export function facades(out: string): Map<string, string> {
  const result = new Map<string, string>();
  if (!existsSync(out)) return result;
  for (const p of readdirSync(out, { withFileTypes: true })) {
    const file = join(out, p.name, 'client.ts');
    if (!p.isDirectory() || !existsSync(file)) continue;
    const name = /export class (\w+) extends Client/.exec(readFileSync(file, 'utf8'))?.[1];
    if (name !== undefined) result.set(p.name, name);
  }
  return result;
}
