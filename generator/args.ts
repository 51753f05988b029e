import { UsageError } from './diagnostics.js';

export interface FlagSpec {
  /** `--docs <dir>` takes a value; booleans do not. */
  kind: 'string' | 'boolean' | 'number';
  /** Value used when the flag is absent (from generator/options.ts). */
  default?: string | boolean | number;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | number | undefined>;
  positionals: string[];
}

/** Strict flag parser: unknown flags and missing values are usage errors that name the flag and the fix. */
export function parseArgs(command: string, argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const def = spec[rawName];
    if (!def) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UsageError(`scloud-gen ${command}: unknown option --${rawName}; options are: ${known || '(none)'}`);
    }
    if (def.kind === 'boolean') {
      flags[rawName] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`scloud-gen ${command}: --${rawName} needs a value`);
    }
    if (def.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`scloud-gen ${command}: --${rawName} takes a number, got '${value}'`);
      flags[rawName] = n;
    } else flags[rawName] = value;
  }
  for (const [name, def] of Object.entries(spec)) if (flags[name] === undefined && def.default !== undefined) flags[name] = def.default;
  return { flags, positionals };
}

export function requireString(command: string, args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`scloud-gen ${command}: missing --${name} <value>; see 'scloud-gen help ${command}'`);
  return v;
}
