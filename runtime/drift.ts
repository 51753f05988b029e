/**
 * Response checking, the client's side: what is done with the findings of runtime/response-check.ts. Each finding
 * becomes a DriftRecord for the `onDrift` hook and the `SCLOUD_DRIFT_LOG` file (runtime/drift-log.ts); `warn` writes
 * one line per distinct (action, path, kind) per client, `throw` fails the call with a ResponseDriftError. Records,
 * lines and errors name paths and JSON types, never a value.
 *
 * Loaded by the client with the first response it checks (a dynamic import): code that leaves `validateResponses`
 * off never loads this module, the checker or the drift log. The option itself is checked where options are
 * (config-check.ts, config.ts).
 */
import { driftLogWriter, type DriftLogWriter, type DriftRecord } from './drift-log.js';
import { describeFinding, ResponseDriftError } from './errors.js';
import type { Hooks } from './hooks.js';
import type { LevelLog } from './logger.js';
import type { ActionMeta } from './meta.js';
import { checkResponseShape, type ShapeFinding } from './response-check.js';

/** Distinct (action, path, kind) remembered per client for the once-only warn lines. */
const MAX_WARNED = 10_000;

/** What the reporter needs from the client. */
export interface DriftReporterOptions {
  /**
   * Where `warn` lines go: the client's log when the user chose a logger or a level, else a warn-level log to
   * stderr (the mode asked for the lines); undefined when the chosen level is silent.
   */
  readonly log: LevelLog | undefined;
  readonly hooks: Hooks;
  /** SCLOUD_DRIFT_LOG, when set. */
  readonly driftLog: string | undefined;
}

/** One per client: checks responses and reports what breaks the documented shape. */
export class DriftReporter {
  readonly #log: LevelLog | undefined;
  readonly #hooks: Hooks;
  readonly #file: DriftLogWriter | undefined;
  readonly #warned = new Set<string>();

  constructor(options: DriftReporterOptions) {
    this.#log = options.log;
    this.#hooks = options.hooks;
    this.#file = options.driftLog === undefined ? undefined : driftLogWriter(options.driftLog, (message) => this.#log?.write('warn', message));
  }

  /** Checks `body` against `meta.response`; in `throw` mode a type mismatch or missing field throws ResponseDriftError. */
  check(meta: ActionMeta, body: Readonly<Record<string, unknown>>, requestId: string | undefined, mode: 'warn' | 'throw'): void {
    if (meta.response === undefined) return;
    const findings = checkResponseShape(body, meta.response);
    if (findings.length === 0) return;
    const time = new Date().toISOString();
    const base = { time, action: meta.action, product: meta.product ?? null, doc: meta.doc ?? null, requestId: requestId ?? null };
    const broken: ShapeFinding[] = [];
    for (const f of findings) {
      const record: DriftRecord = { ...base, path: f.path, kind: f.kind, documented: f.documented, received: f.received };
      this.#file?.write(record);
      if (this.#hooks.onDrift !== undefined) this.#notify(record);
      if (f.kind === 'undocumented') continue;
      broken.push(f);
      if (mode === 'warn') this.#warn(record);
    }
    if (mode === 'throw' && broken.length > 0) throw new ResponseDriftError(meta.action, broken, body, requestId, meta.doc);
  }

  #notify(record: DriftRecord): void {
    try {
      this.#hooks.onDrift?.(record);
    } catch (error) {
      this.#log?.write('warn', `hook onDrift threw (ignored): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The warn line of a record, once per (action, path, kind) for this client. */
  #warn(r: DriftRecord): void {
    if (this.#log === undefined || !this.#log.enabled('warn')) return;
    const key = `${r.action}\0${r.path}\0${r.kind}`;
    if (this.#warned.has(key)) return;
    if (this.#warned.size >= MAX_WARNED) return;
    this.#warned.add(key);
    const where = [r.doc, r.requestId === null ? undefined : `request ${r.requestId}`].filter((x) => x !== undefined && x !== null).join(', ');
    this.#log.write('warn', `${r.action}: response drift at ${r.path}: ${describeFinding(r)}${where === '' ? '' : ` (${where})`}; reported once per client`, {
      action: r.action,
      product: r.product,
      doc: r.doc,
      path: r.path,
      kind: r.kind,
      documented: r.documented,
      received: r.received,
      requestId: r.requestId,
    });
  }
}
