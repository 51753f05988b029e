/**
 * The generator's speed measures, by name, and their off switch: `SCLOUD_GEN_OFF=<name>[,<name>...]` (or `all`) runs
 * without them. The output's bytes never depend on a measure; each lives in one module, has a test that runs both
 * ways, and a condition for deleting it (ARCHITECTURE.md, with its figure from BENCHMARKS.md).
 */
import { UsageError } from '../diagnostics.js';

export const MEASURES = {
  'parse-ahead': 'engine/executors/parse-ahead.ts: a worker parses the pages while this thread emits (cold builds, two cores)',
  'print-thread': 'engine/executors/print-thread.ts: a worker loads ts-morph and prints while this thread parses and emits (small builds)',
  'code-cache': "speed/code-cache.ts: ts-morph's compiled code kept in .cache/scloud-gen/v8-code",
  'v8-tuning': "speed/v8-tuning.ts: V8's interrupt budget raised by the CLI (node 20)",
  skeleton: "fs/skeleton.ts: the last replaced tree's folders kept as the next stage's (ext4's slow mkdir after deletes)",
  'yaml-writer': 'spec/yaml-writer.ts: spec YAML written directly instead of through the yaml library',
} as const;

export type Measure = keyof typeof MEASURES;

/** Whether `name` is on (not listed in `SCLOUD_GEN_OFF`). */
export function measureOn(name: Measure, env: NodeJS.ProcessEnv = process.env): boolean {
  const off = env.SCLOUD_GEN_OFF;
  if (off === undefined || off === '') return true;
  const list = off.split(',').map((s) => s.trim());
  return !list.includes(name) && !list.includes('all');
}

/** A usage error for a name in `SCLOUD_GEN_OFF` that is not a measure (a misspelt switch would measure nothing). */
export function checkSwitches(env: NodeJS.ProcessEnv = process.env): void {
  const off = env.SCLOUD_GEN_OFF;
  if (off === undefined || off === '') return;
  const unknown = off
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== 'all' && !(s in MEASURES));
  if (unknown.length > 0) {
    throw new UsageError(
      `scloud-gen: SCLOUD_GEN_OFF names ${unknown.map((u) => `'${u}'`).join(', ')}, which is not a speed measure; measures are: ${Object.keys(MEASURES).join(', ')}, all`,
    );
  }
}
