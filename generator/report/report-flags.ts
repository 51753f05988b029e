/**
 * The reporting flags `lint` and `check` share: what to show, what to count, what is already known.
 *
 *   --quiet                   errors only (warnings are still counted for --max-warnings)
 *   --max-warnings <n>        exit 1 when more than n warnings remain after the filters and the baseline
 *   --rule <code>[,...]       only these codes
 *   --ignore-rule <code>[,...] every code but these (`--no-*` flags of this CLI are booleans, like --no-cache,
 *                             so a value-taking negation gets its own verb)
 *   --product <id>[,...]      only these products (`uhost` or its folder `uhost-api`)
 *   --baseline <file>         known findings: not shown, not counted; stale entries summed up in one line
 *   --write-baseline <file>   record the current findings (after --rule/--ignore-rule/--product) as known
 *   --all                     list every finding; without it, text output folds a warning/info code with more
 *                             than 10 findings into one block (codes named by --rule are never folded)
 */
import type { FlagSpec, ParsedArgs } from '../cli/args.js';
import { UsageError } from '../diagnostics.js';
import { productId } from './product-ids.js';

/** Flag table fragment: spread it into a command's own table (`{ ...BUILD_FLAGS, ...REPORT_FLAGS }`). */
export const REPORT_FLAGS = {
  quiet: { kind: 'boolean', default: false },
  'max-warnings': { kind: 'number' },
  rule: { kind: 'string' },
  'ignore-rule': { kind: 'string' },
  product: { kind: 'string' },
  baseline: { kind: 'string' },
  'write-baseline': { kind: 'string' },
  all: { kind: 'boolean', default: false },
} as const satisfies Record<string, FlagSpec>;

/** Usage text of the reporting flags, to append to a command's usage line. */
export const REPORT_USAGE =
  '[--quiet] [--max-warnings <n>] [--rule <code>[,...]] [--ignore-rule <code>[,...]] [--product <id>[,...]] [--baseline <file>] [--write-baseline <file>] [--all]';

export interface ReportOptions {
  /** Show errors only. */
  quiet: boolean;
  maxWarnings?: number;
  /** Only these codes. */
  rules?: string[];
  /** Not these codes. */
  ignoreRules?: string[];
  /** Only these product ids (folder names are mapped to ids). */
  products?: string[];
  baseline?: string;
  writeBaseline?: string;
  /** List every finding in text output (no folding of repeated codes). */
  all?: boolean;
}

const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * ReportOptions from parsed flags, validated: every problem is a UsageError naming the flag and the fix.
 * Pass `argv` too so a repeated list flag (`--rule a --rule b`, where the last would silently win) is refused.
 */
export function reportOptionsFrom(command: string, flags: ParsedArgs['flags'], argv: readonly string[] = []): ReportOptions {
  rejectRepeated(command, argv);
  const opts: ReportOptions = { quiet: flags.quiet === true };
  if (flags.all === true) opts.all = true;
  const max = flags['max-warnings'];
  if (max !== undefined) {
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
      throw new UsageError(`scloud-gen ${command}: --max-warnings takes a whole number of 0 or more, got '${String(max)}'`);
    }
    opts.maxWarnings = max;
  }
  const rules = codeList(command, 'rule', flags.rule);
  const ignored = codeList(command, 'ignore-rule', flags['ignore-rule']);
  const both = rules?.filter((c) => ignored?.includes(c)) ?? [];
  if (both.length > 0) throw new UsageError(`scloud-gen ${command}: '${both[0]}' is in both --rule and --ignore-rule; keep it in one of them`);
  if (rules !== undefined) opts.rules = rules;
  if (ignored !== undefined) opts.ignoreRules = ignored;
  const products = list(command, 'product', flags.product);
  if (products !== undefined) opts.products = [...new Set(products.map(productId))];
  const baseline = path(command, 'baseline', flags.baseline);
  const write = path(command, 'write-baseline', flags['write-baseline']);
  if (baseline !== undefined && write !== undefined) {
    throw new UsageError(
      `scloud-gen ${command}: use --baseline <file> or --write-baseline <file>, not both (--write-baseline records every current finding, replacing the file)`,
    );
  }
  if (baseline !== undefined) opts.baseline = baseline;
  if (write !== undefined) opts.writeBaseline = write;
  return opts;
}

function rejectRepeated(command: string, argv: readonly string[]): void {
  const seen = new Set<string>();
  for (const arg of argv) {
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name === undefined || !(name in REPORT_FLAGS)) continue;
    if (seen.has(name)) throw new UsageError(`scloud-gen ${command}: --${name} is given twice; pass it once (lists take commas: --${name} a,b)`);
    seen.add(name);
  }
}

function list(command: string, flag: string, value: string | boolean | number | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`scloud-gen ${command}: --${flag} needs at least one name, e.g. --${flag} a,b`);
  return [...new Set(items)];
}

function codeList(command: string, flag: string, value: string | boolean | number | undefined): string[] | undefined {
  const codes = list(command, flag, value);
  const bad = codes?.find((c) => !CODE.test(c));
  if (bad !== undefined)
    throw new UsageError(`scloud-gen ${command}: --${flag} '${bad}' is not a diagnostic code; codes are kebab-case, e.g. example-mismatch`);
  return codes;
}

function path(command: string, flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`scloud-gen ${command}: --${flag} needs a file path`);
  return value;
}
