/**
 * V8 tuning of the CLI process (speed measure `v8-tuning`), applied by both `scloud-gen` entry points before the
 * generator loads (never by the library: a flag is process-wide, and an importer's process is its own).
 *
 * A cold build keeps V8's optimizing compiler busy on its platform threads with functions that are optimized once and
 * hardly run after; a larger interrupt budget (bytecode run before a function's tier-up check) optimizes fewer of
 * them, later. The flag is V8's, not Node's, and may change with V8: it is set only on the V8 majors where it was
 * measured, never over the user's own choice, and `SCLOUD_GEN_V8_TUNING=0` (or `SCLOUD_GEN_OFF=v8-tuning`) turns it
 * off. Figures and the condition for deleting it: ARCHITECTURE.md.
 */
import { setFlagsFromString } from 'node:v8';
import { measureOn } from './switches.js';

/** The interrupt budget the CLI runs with (V8 11's default: 67,584). */
export const INTERRUPT_BUDGET = 540_000;
/** V8 majors where the flag exists and the budget was measured (node 20: V8 11). Elsewhere nothing is set. */
const MEASURED_V8_MAJORS: ReadonlySet<number> = new Set([11]);

export interface TuningContext {
  /** `process.versions.v8`. */
  v8: string;
  /** `process.execArgv`: a budget given there is the user's and stays (NODE_OPTIONS cannot hold one). */
  execArgv: readonly string[];
  /** `SCLOUD_GEN_V8_TUNING`: `0` turns the tuning off (so does `off`). */
  setting: string | undefined;
  /** `SCLOUD_GEN_OFF` names `v8-tuning` (or `all`). */
  off?: boolean;
}

/** The V8 flags to set for this process; none when the tuning is off, already chosen, or V8 is not one measured. */
export function tuningFlags(ctx: TuningContext): string[] {
  if (ctx.setting === '0' || ctx.off === true) return [];
  if (!MEASURED_V8_MAJORS.has(Number.parseInt(ctx.v8, 10))) return [];
  if (ctx.execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) return [];
  return [`--interrupt-budget=${INTERRUPT_BUDGET}`];
}

let applied: readonly string[] = [];

/** Sets this process's V8 flags (see the top comment); returns them. Call before the generator's modules load. */
export function tuneV8(): readonly string[] {
  const flags = tuningFlags({ v8: process.versions.v8, execArgv: process.execArgv, setting: process.env.SCLOUD_GEN_V8_TUNING, off: !measureOn('v8-tuning') });
  for (const f of flags) setFlagsFromString(f);
  applied = flags;
  return flags;
}

/** The flags tuneV8 set in this process (SCLOUD_GEN_TIMING=1 prints them). */
export function appliedV8Flags(): readonly string[] {
  return applied;
}
