/**
 * The one log line per attempt: action, attempt, HTTP status, duration, RetCode and request id; for a failed
 * attempt also the error and what happens next. Level: `info` for a success, `warn` for a failure that is
 * retried, `error` for the final failure; at `debug` the line also lists the wire params, secrets redacted.
 */
import type { SCloudError } from './errors.js';
import type { LevelLog, LogMethod } from './logger.js';
import { isSensitiveKey, REDACTED } from './redact.js';
import type { Scrubber } from './scrub.js';

/** What one attempt saw; filled in while it runs. */
export interface AttemptInfo {
  status: number | undefined;
  retCode: number | undefined;
  requestId: string | undefined;
  durationMs: number;
}

/** An empty AttemptInfo, filled in while the attempt runs. */
export function newAttemptInfo(): AttemptInfo {
  return { status: undefined, retCode: undefined, requestId: undefined, durationMs: 0 };
}

/** How a failed attempt ends: retried after `delayMs`, or final. */
export interface AttemptFailure {
  readonly error: SCloudError;
  readonly reason: string;
  readonly delayMs: number | undefined;
}

/** The request an attempt belongs to: its wire params (shown at debug level only) and the scrubber for them. */
export interface AttemptRequestInfo {
  readonly action: string;
  readonly flat: Readonly<Record<string, string>>;
  scrubber(): Scrubber;
}

/** Writes the attempt's line. */
export function logAttempt(log: LevelLog, req: AttemptRequestInfo, attempt: number, info: AttemptInfo, failure?: AttemptFailure): void {
  const method: LogMethod = failure === undefined ? 'info' : failure.delayMs === undefined ? 'error' : 'warn';
  if (!log.enabled(method)) return;
  const action = req.action;
  const status = info.status === undefined ? 'no response' : `HTTP ${info.status}`;
  const retCode = info.retCode === undefined ? '' : `, RetCode ${info.retCode}`;
  let line = `${action} attempt ${attempt}: ${status}${retCode}, ${info.durationMs.toFixed(1)} ms, request ${info.requestId ?? '-'}`;
  if (failure !== undefined) {
    const next =
      failure.delayMs === undefined ? `failed after ${attempt} attempt(s) (${failure.reason})` : `retrying in ${failure.delayMs} ms (${failure.reason})`;
    line += `: ${failure.error.name}: ${failure.error.message}; ${next}`;
  }
  // Password-like keys are redacted by name; the scrubber also catches their values repeated under other keys.
  const params = log.enabled('debug') ? req.scrubber().deep(redactedWire(req.flat)) : undefined;
  if (params !== undefined) line += `; params ${JSON.stringify(params)}`;
  const data: Record<string, unknown> = {
    action,
    attempt,
    status: info.status,
    durationMs: Math.round(info.durationMs * 10) / 10,
    retCode: info.retCode,
    requestId: info.requestId,
  };
  if (failure !== undefined) Object.assign(data, { error: failure.error.name, reason: failure.reason, retryInMs: failure.delayMs });
  if (params !== undefined) data.params = params;
  log.write(method, line, data);
}

/** The wire params with the values of password-like keys (and Signature) replaced. */
function redactedWire(flat: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(flat)) out[key] = isSensitiveKey(key) ? REDACTED : (flat[key] as string);
  return out;
}
