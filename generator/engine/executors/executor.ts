/**
 * Executors: how a batch of build jobs uses the cores. One interface, `run(batch, onProduct)`; the inline executor
 * runs the batch in this thread, and each speed measure that uses threads is an implementation beside it
 * (parse-ahead.ts, print-thread.ts). `openExecutor` picks one per batch (`plan`); nothing outside this
 * folder knows a plan, a worker or a printer. The output never depends on which ran (tests run each against inline).
 */
import { availableParallelism } from 'node:os';
import { useCodeCache } from '../../speed/code-cache.js';
import { measureOn } from '../../speed/switches.js';
import type { JobBatch, ProductResult } from '../job.js';
import { startPrintThread, type PrintThread } from './print-thread.js';

export interface Executor {
  /** Runs the batch; results sorted by product id as the batch lists them; `onProduct` sees each as it is made. */
  run(batch: JobBatch, onProduct?: (r: ProductResult) => void): Promise<ProductResult[]>;
  /** The timing line's name of the last run: `jobs`, `jobs (parse-ahead)`, `jobs (print thread)`. */
  readonly label: string;
  /** Stops what the executor started (a print thread). */
  close(): Promise<void>;
}

/** Pages to parse below which starting a parse worker costs more than it saves. */
const MIN_PAGES_FOR_WORKERS = 120;

export type Plan = { kind: 'inline' } | { kind: 'print-thread' } | { kind: 'parse-ahead' };

export interface ExecutorSettings {
  /** `--threads`: 1, this thread only; more, worker threads allowed (as by default). */
  threads?: number;
  /** Cores to plan for (default: coreCount()). */
  cores?: number;
  /** Folder of the V8 code cache (speed/code-cache.ts); none: no code cache. */
  codeCache?: string;
}

/**
 * The plan for a batch with `pages` pages to parse. One core, or `--threads 1`: this thread. A small batch (a page
 * changed): this thread, with a print thread. Two cores or more: parse-ahead (a worker parses, this thread emits).
 * Splitting the products over more threads that each parse and emit was slower on two cores and is gone
 * (BENCHMARKS.md). A measure that is off (speed/switches.ts) falls back to this thread; so do parse-ahead and the print
 * thread when they cannot apply (spec files to read; no client to print).
 */
export function plan(pages: number, work: { emit: boolean; fromPages: boolean }, settings: ExecutorSettings = {}): Plan {
  const cores = settings.cores ?? coreCount();
  if (cores < 2 || (settings.threads !== undefined && settings.threads <= 1)) return { kind: 'inline' };
  if (pages < MIN_PAGES_FOR_WORKERS) return work.emit && measureOn('print-thread') ? { kind: 'print-thread' } : { kind: 'inline' };
  return work.fromPages && measureOn('parse-ahead') ? { kind: 'parse-ahead' } : { kind: 'inline' };
}

/** The timing line's name of a plan. */
export function planLabel(p: Plan): string {
  return p.kind === 'inline' ? 'jobs' : p.kind === 'parse-ahead' ? 'jobs (parse-ahead)' : 'jobs (print thread)';
}

/** Cores to plan for: `SCLOUD_GEN_CORES` when set (a container's CPU quota, which Node cannot see), else Node's count. */
export function coreCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SCLOUD_GEN_CORES);
  return env.SCLOUD_GEN_CORES !== undefined && Number.isInteger(n) && n >= 1 ? n : availableParallelism();
}

/** The jobs' module, loaded on the first batch: a run with nothing to rebuild never loads it (nor the parser, yaml...). */
const jobs = (): Promise<typeof import('../job.js')> => import('../job.js');

/** This thread alone. */
export function inlineExecutor(codeCache?: string): Executor {
  return {
    label: 'jobs',
    run: async (batch, onProduct) => {
      useCodeCache(codeCache, true);
      return (await jobs()).runBatch(batch, onProduct);
    },
    close: async () => undefined,
  };
}

/**
 * The executor of a run: each batch runs as `plan` says. `expect(pages)` is told early how many pages changed, so a
 * print thread a small batch will use starts loading ts-morph while this thread reads the output folders.
 */
export function openExecutor(settings: ExecutorSettings = {}): Executor & { expect(changedPages: number, emit: boolean): void } {
  let printer: PrintThread | undefined;
  let label = 'jobs';
  const print = (): PrintThread => (printer ??= startPrintThread(settings.codeCache));
  return {
    get label() {
      return label;
    },
    expect(changedPages, emit) {
      if (emit && changedPages > 0 && plan(changedPages, { emit, fromPages: true }, settings).kind === 'print-thread') print();
    },
    async run(batch, onProduct) {
      if (batch.products.length === 0) return [];
      const { runBatch, toParse } = await jobs();
      const p = plan(toParse(batch), { emit: batch.env.emit !== undefined, fromPages: batch.products.every((j) => 'pages' in j.source) }, settings);
      label = planLabel(p);
      switch (p.kind) {
        case 'parse-ahead':
          return (await import('./parse-ahead.js')).runParseAhead(batch, onProduct);
        case 'print-thread':
          useCodeCache(settings.codeCache, true);
          return runBatch(batch, onProduct, { printer: print() });
        default:
          return inlineExecutor(settings.codeCache).run(batch, onProduct);
      }
    },
    async close() {
      await printer?.close();
      printer = undefined;
    },
  };
}
