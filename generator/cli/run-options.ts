/**
 * The flags the folder commands share (build, check, parse, generate), and the run options they make: one place for
 * what each flag means and its default.
 */
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../diagnostics.js';
import type { RunOptions } from './run.js';
import { defaultEmitOptions } from '../emit/context.js';
import { DEFAULTS } from '../options.js';
import { REPORT_FLAGS, reportOptionsFrom } from '../report/diagnostics-report.js';
import { requireString, type ParsedArgs } from './args.js';

/** Flags shared by `build` and `check` (check defaults every folder to the repo's own). */
export const BUILD_FLAGS = {
  docs: { kind: 'string', default: DEFAULTS.docsDir },
  spec: { kind: 'string', default: DEFAULTS.specDir },
  out: { kind: 'string', default: DEFAULTS.outDir },
  runtime: { kind: 'string' },
  overrides: { kind: 'string' },
  'docs-base-url': { kind: 'string', default: DEFAULTS.docsBaseUrl },
  'no-cache': { kind: 'boolean', default: false },
  'allow-mass-removal': { kind: 'boolean', default: false },
  threads: { kind: 'number' },
  ...REPORT_FLAGS,
} as const;

/** Run options from the build/check/parse flags. */
export function runOptions(name: 'build' | 'check' | 'parse', args: ParsedArgs, argv: readonly string[] = []): RunOptions {
  const docs = requireString(name, args, 'docs');
  const out = name === 'parse' ? undefined : requireString(name, args, 'out');
  const flag = args.flags.overrides;
  const overrides = typeof flag === 'string' ? flag : docs === DEFAULTS.docsDir && existsSync(DEFAULTS.overridesDir) ? DEFAULTS.overridesDir : undefined;
  const threads = args.flags.threads;
  return {
    command: name,
    docs,
    spec: requireString(name, args, 'spec'),
    ...(out !== undefined ? { out } : {}),
    ...(overrides !== undefined ? { overrides } : {}),
    runtime: runtimeFlag(name, args.flags.runtime),
    docsBaseUrl: String(args.flags['docs-base-url']),
    cache: args.flags['no-cache'] !== true,
    allowMassRemoval: args.flags['allow-mass-removal'] === true,
    ...(typeof threads === 'number' ? { threads } : {}),
    ...(name === 'parse' ? {} : { report: reportOptionsFrom(name, args.flags, argv) }),
  };
}

export function runtimeFlag(command: string, value: unknown): string {
  if (typeof value !== 'string') return defaultEmitOptions().runtimeDir;
  requireFolder(command, 'runtime', value, 'point it at the hand-written runtime folder (runtime/)');
  return value;
}

export function requireFolder(command: string, flag: string, dir: string, hint: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`scloud-gen ${command}: --${flag} '${dir}' is not a folder; ${hint}`);
}
