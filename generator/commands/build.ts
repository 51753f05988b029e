/** `scloud-gen build --docs <dir> --spec <dir> --out <dir>`: parse + generate (what `npm run generate` runs). */
import { existsSync } from 'node:fs';
import type { Command } from '../cli.js';
import { parseArgs, requireString, type ParsedArgs } from '../args.js';
import { UsageError } from '../diagnostics.js';
import { runSession, type SessionOptions } from '../build/session.js';
import { defaultEmitOptions } from '../emit/context.js';
import { DEFAULTS } from '../options.js';
import { REPORT_FLAGS, REPORT_USAGE, reportOptionsFrom } from '../report/report.js';
import { requireFolder } from './generate.js';

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

export const command: Command = {
  name: 'build',
  summary: 'Parse the Markdown reference into the YAML spec, then generate the TypeScript client from it (parse + generate).',
  usage: `scloud-gen build --docs <dir> --spec <dir> --out <dir> [--overrides <dir>] [--docs-base-url <url>] [--runtime <dir>] [--no-cache] [--allow-mass-removal] [--threads <n>] ${REPORT_USAGE}`,
  async run(argv) {
    const args = parseArgs('build', argv, BUILD_FLAGS);
    if (args.positionals.length > 0) throw new UsageError(`scloud-gen build: unexpected argument '${args.positionals[0]}'; see 'scloud-gen help build'`);
    return (await runSession(sessionOptions('build', args, argv))).exitCode;
  },
};

/** Session options from the build/check flags. */
export function sessionOptions(name: 'build' | 'check' | 'parse', args: ParsedArgs, argv: readonly string[] = []): SessionOptions {
  const docs = requireString(name, args, 'docs');
  const out = name === 'parse' ? undefined : requireString(name, args, 'out');
  const flag = args.flags.overrides;
  const overrides = typeof flag === 'string' ? flag : docs === DEFAULTS.docsDir && existsSync(DEFAULTS.overridesDir) ? DEFAULTS.overridesDir : undefined;
  const threads = args.flags.threads;
  return {
    command: name, docs, spec: requireString(name, args, 'spec'), ...(out !== undefined ? { out } : {}),
    ...(overrides !== undefined ? { overrides } : {}), runtime: runtimeFlag(name, args.flags.runtime),
    docsBaseUrl: String(args.flags['docs-base-url']), cache: args.flags['no-cache'] !== true,
    allowMassRemoval: args.flags['allow-mass-removal'] === true, ...(typeof threads === 'number' ? { threads } : {}),
    ...(name === 'parse' ? {} : { report: reportOptionsFrom(name, args.flags, argv) }),
  };
}

export function runtimeFlag(command: string, value: unknown): string {
  if (typeof value !== 'string') return defaultEmitOptions().runtimeDir;
  requireFolder(command, 'runtime', value, 'point it at the hand-written runtime folder (runtime/)');
  return value;
}
