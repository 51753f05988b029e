/**
 * `SCLOUD_DRIFT_LOG=<file>`: drift records appended as JSON lines, read by `scloud-gen drift`. One writer per
 * file in the process, shared by its clients. A record is written the first time its (action, path, kind,
 * received type) is seen, then at most once a minute with `count`, the occurrences it stands for (the rest are
 * written at exit), so a hot loop on a drifted action does not grow the file per call.
 *
 * node:fs is taken on the first record, only when the variable is set, through process.getBuiltinModule
 * (runtime/platform.ts: no import, so no bundler and no Worker tooling sees it); where there is no file system (a
 * Worker) the writer does nothing.
 */
import { nodeBuiltin } from './platform.js';
import type { ShapeFinding } from './response-check.js';
import { SDK_VERSION } from './version.js';

/** One place where a response broke its documented shape; what `onDrift` receives and the drift log holds. */
export interface DriftRecord extends ShapeFinding {
  /** ISO 8601 time of the response. */
  readonly time: string;
  readonly action: string;
  /** Product id, from the generated meta. */
  readonly product: string | null;
  /** Docs-relative page the action was generated from. */
  readonly doc: string | null;
  readonly requestId: string | null;
}

interface Fs {
  appendFileSync(path: string, data: string): void;
}

/** Records of one key are merged into one line per this many ms. */
export const DRIFT_LOG_WINDOW_MS = 60_000;
/** Keys tracked per file; past this, records are written one by one (count 1). */
const MAX_KEYS = 10_000;

interface KeyState {
  last: number;
  pending: number;
  record: DriftRecord;
}

const writers = new Map<string, DriftLogWriter>();

/** The writer of `file` (one per file in the process); `warn` reports once that the file cannot be written. */
export function driftLogWriter(file: string, warn: (message: string) => void): DriftLogWriter {
  let w = writers.get(file);
  if (w === undefined) {
    w = new DriftLogWriter(file, warn);
    writers.set(file, w);
  }
  return w;
}

/** The JSON line of a record: fixed key order, no value from the response. */
export function driftLine(r: DriftRecord, count: number): string {
  return `${JSON.stringify({
    time: r.time,
    action: r.action,
    product: r.product,
    doc: r.doc,
    path: r.path,
    kind: r.kind,
    documented: r.documented,
    received: r.received,
    requestId: r.requestId,
    count,
    sdk: SDK_VERSION,
  })}\n`;
}

export class DriftLogWriter {
  readonly #file: string;
  readonly #warn: (message: string) => void;
  readonly #keys = new Map<string, KeyState>();
  /** undefined: not opened yet; null: no file system, or the file cannot be written. */
  #fs: Fs | null | undefined;

  constructor(file: string, warn: (message: string) => void) {
    this.#file = file;
    this.#warn = warn;
  }

  write(record: DriftRecord, now = Date.now()): void {
    if (this.#fs === null) return;
    const key = `${record.product ?? ''}\0${record.action}\0${record.path}\0${record.kind}\0${record.received ?? ''}`;
    const state = this.#keys.get(key);
    if (state === undefined) {
      if (this.#keys.size < MAX_KEYS) this.#keys.set(key, { last: now, pending: 0, record });
      this.#append(driftLine(record, 1));
      return;
    }
    state.pending++;
    state.record = record;
    if (now - state.last < DRIFT_LOG_WINDOW_MS) return;
    this.#append(driftLine(record, state.pending));
    state.pending = 0;
    state.last = now;
  }

  /** Writes the occurrences not written yet (at exit). */
  flush(): void {
    for (const state of this.#keys.values()) {
      if (state.pending === 0) continue;
      this.#append(driftLine(state.record, state.pending));
      state.pending = 0;
    }
  }

  #append(line: string): void {
    if (this.#fs === undefined) this.#open();
    if (this.#fs === null || this.#fs === undefined) return;
    try {
      this.#fs.appendFileSync(this.#file, line);
    } catch (error) {
      this.#fs = null;
      const code = (error as { code?: unknown }).code;
      this.#warn(`SCLOUD_DRIFT_LOG: cannot append to ${this.#file} (${typeof code === 'string' ? code : 'write failed'}); drift records are not written to it`);
    }
  }

  /** Takes node:fs (none in a Worker: nothing is written there) and flushes at exit. */
  #open(): void {
    const m = nodeBuiltin('node:fs') as Partial<Fs> | undefined;
    this.#fs = typeof m?.appendFileSync === 'function' ? (m as Fs) : null;
    if (this.#fs === null) return;
    const proc = (globalThis as { process?: { once?: (event: string, listener: () => void) => unknown } }).process;
    if (typeof proc?.once === 'function') proc.once('exit', () => this.flush());
  }
}
