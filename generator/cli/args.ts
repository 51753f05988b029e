/**
 * Command-line flags, parsed by `node:util` `parseArgs` (strict: unknown flags and missing values are errors);
 * this module gives each command a typed table of its flags (with defaults from generator/options.ts), numbers,
 * and usage errors that name the flag and the fix instead of parseArgs' own messages.
 */
import { parseArgs as parse } from 'node:util';
import { UsageError } from '../diagnostics.js';

export interface FlagSpec {
  /** `--docs <dir>` takes a value; booleans do not (`--no-cache`). */
  kind: 'string' | 'boolean' | 'number';
  /** Value used when the flag is absent (from generator/options.ts). */
  default?: string | boolean | number;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | number | undefined>;
  positionals: string[];
}

/** Parses `argv` against `spec`; every problem is a UsageError that says what to do. */
export function parseArgs(command: string, argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, def]) => [name, { type: def.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  let parsed;
  try {
    parsed = parse({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw usage(command, e as NodeJS.ErrnoException, spec);
  }
  const flags: ParsedArgs['flags'] = {};
  for (const [name, def] of Object.entries(spec)) {
    const value = (parsed.values as Record<string, string | boolean | undefined>)[name];
    if (value === undefined) {
      if (def.default !== undefined) flags[name] = def.default;
      continue;
    }
    if (def.kind === 'number') {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw new UsageError(`scloud-gen ${command}: --${name} takes a number, got '${String(value)}'`);
      flags[name] = n;
    } else flags[name] = value;
  }
  return { flags, positionals: parsed.positionals };
}

/** parseArgs' errors in this CLI's words. */
function usage(command: string, e: NodeJS.ErrnoException, spec: Record<string, FlagSpec>): UsageError {
  const flag = /'(-[^' ]+)/.exec(e.message)?.[1]?.replace(/^-+/, '').replace(/=.*$/, '') ?? '';
  const known =
    Object.keys(spec)
      .map((k) => `--${k}`)
      .join(', ') || '(none)';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`scloud-gen ${command}: unknown option --${flag}; options are: ${known}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return spec[flag]?.kind === 'boolean'
        ? new UsageError(`scloud-gen ${command}: --${flag} takes no value; leave it out to turn it off`)
        : new UsageError(`scloud-gen ${command}: --${flag} needs a value (--${flag} <value>, or --${flag}=<value> for one starting with '-')`);
    default:
      return new UsageError(`scloud-gen ${command}: ${e.message.split('\n')[0]}; see 'scloud-gen help ${command}'`);
  }
}

export function requireString(command: string, args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`scloud-gen ${command}: missing --${name} <value>; see 'scloud-gen help ${command}'`);
  return v;
}
