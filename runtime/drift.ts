/**
 * Response checking, the client's side: the `validateResponses` mode ('off' | 'warn' | 'throw'), and what is done
 * with the findings of runtime/response-check.ts. Each finding becomes a DriftRecord for the `onDrift` hook and the
 * `SCLOUD_DRIFT_LOG` file (runtime/drift-log.ts); `warn` writes one line per distinct (action, path, kind) per
 * client, `throw` fails the call with a ResponseDriftError. Records, lines and errors name paths and JSON types,
 * never a value.
 */
import { configError, describeValue } from './config-check.js';
import { driftLogWriter, type DriftLogWriter, type DriftRecord } from './drift-log.js';
import { ResponseDriftError } from './errors.js';
import type { Hooks } from './hooks.js';
import { LevelLog, type Logger, type LogLevel } from './logger.js';
import type { ActionMeta } from './meta.js';
import { checkResponseShape, describeFinding, type ShapeFinding } from './response-check.js';

export type { DriftKind } from './response-check.js';
export type { DriftRecord } from './drift-log.js';

/** `off` (default): no check; `warn`: log lines, the response returned as received; `throw`: ResponseDriftError. */
export type ResponseValidation = 'off' | 'warn' | 'throw';

/** The env variables of response checking. */
export const VALIDATE_ENV = 'SCLOUD_VALIDATE_RESPONSES';
export const DRIFT_LOG_ENV = 'SCLOUD_DRIFT_LOG';

const MODES: readonly ResponseValidation[] = ['off', 'warn', 'throw'];
/** Distinct (action, path, kind) remembered per client for the once-only warn lines. */
const MAX_WARNED = 10_000;

/** A `validateResponses` value from an option or env variable, checked; the error names `origin`. */
export function checkResponseValidation(origin: string, v: unknown): ResponseValidation {
  if (typeof v === 'string' && (MODES as readonly string[]).includes(v)) return v as ResponseValidation;
  const got = typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : describeValue(v); // a mode name, not a secret
  throw configError(origin, `must be 'off', 'warn' or 'throw', got ${got}`, 'use one of those or leave it unset (off)');
}

/** The client's settings for response checking: the option, else env SCLOUD_VALIDATE_RESPONSES (any case), else `off`. */
export function resolveDriftSettings(option: unknown, env: Readonly<Record<string, string | undefined>>): { validateResponses: ResponseValidation; driftLog: string | undefined } {
  const fromEnv = env[VALIDATE_ENV];
  const validateResponses = option !== undefined
    ? checkResponseValidation('option `validateResponses`', option)
    : fromEnv !== undefined && fromEnv !== '' ? checkResponseValidation(`env ${VALIDATE_ENV}`, fromEnv.toLowerCase()) : 'off';
  const file = env[DRIFT_LOG_ENV];
  return { validateResponses, driftLog: file === undefined || file === '' ? undefined : file };
}

/** What the reporter needs from the client. */
export interface DriftReporterOptions {
  /** The client's log, or undefined when silent. */
  readonly log: LevelLog | undefined;
  /** True when the user chose a log level or logger; otherwise `warn` lines go to stderr (the mode asked for them). */
  readonly logChosen: boolean;
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
    this.#log = options.logChosen ? options.log : LevelLog.create(undefined, 'warn');
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
      action: r.action, product: r.product, doc: r.doc, path: r.path, kind: r.kind, documented: r.documented, received: r.received, requestId: r.requestId,
    });
  }
}

/** Whether the user chose where log lines go (a logger, the logLevel option or env SCLOUD_LOG). */
export function logChosen(logger: Logger | undefined, logLevel: LogLevel | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return logger !== undefined || logLevel !== undefined || (env.SCLOUD_LOG !== undefined && env.SCLOUD_LOG !== '');
}
