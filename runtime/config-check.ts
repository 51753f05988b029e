/**
 * Checks of configuration values. Each check names where the value came from (`option timeout`,
 * `env SCLOUD_BASE_URL`, `<file>:<line>:<col> (profile "x", key base_url)`), what is wrong and how to fix it,
 * and never quotes a value that could be secret (strings are described, not shown; numbers are shown).
 */
import { ConfigError } from './errors.js';
import type { BackoffOptions, ResolvedBackoff } from './retry.js';

/** Upper bound of `timeout`, per attempt: one hour. */
export const MAX_TIMEOUT_MS = 3_600_000;
/** Upper bound of `maxRetries`. */
export const MAX_RETRIES = 100;
/** Upper bound of each backoff value: one hour. */
export const MAX_BACKOFF_MS = 3_600_000;
/** The backoff used when the `backoff` option leaves a value unset. */
export const DEFAULT_BACKOFF: ResolvedBackoff = { baseMs: 500, capMs: 8_000, retryAfterCapMs: 30_000 };

/** The ConfigError `<origin> <problem>; <fix>`. */
export function configError(origin: string, problem: string, fix: string): ConfigError {
  return new ConfigError(`${origin} ${problem}; ${fix}`);
}

/** A value's type for messages; numbers and booleans are shown (never secret), strings are not. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v === '' ? 'an empty string' : 'a string';
  if (typeof v === 'function') return 'a function';
  return `a ${typeof v}`;
}

/** A string, or undefined when absent or empty (empty means unset everywhere). */
export function optionalString(origin: string, v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  // The type only, not the value: this may be a key passed as the wrong type.
  if (typeof v !== 'string')
    throw configError(
      origin,
      `must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`}`,
      'pass a string or leave it unset',
    );
  return v;
}

/** Milliseconds per attempt: a finite number from 1 to MAX_TIMEOUT_MS. */
export function checkTimeout(origin: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > MAX_TIMEOUT_MS) {
    throw configError(
      origin,
      `must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${describeValue(v)}`,
      'pass a value in that range or leave it unset (default 30000)',
    );
  }
  return v;
}

/** Retries after the first attempt: a whole number from 0 to MAX_RETRIES. */
export function checkRetries(origin: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_RETRIES) {
    throw configError(
      origin,
      `must be a whole number from 0 to ${MAX_RETRIES}, got ${describeValue(v)}`,
      'pass a value in that range or leave it unset (default 3)',
    );
  }
  return v;
}

/** An http(s) URL; the message names the problem without quoting the URL (it may hold a password). */
export function checkHttpUrl(origin: string, v: unknown): string {
  if (typeof v !== 'string') throw configError(origin, `must be an http(s) URL string, got ${describeValue(v)}`, 'pass a URL such as https://api.scloudsg.com');
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw configError(origin, 'is not a valid URL', 'pass a full URL such as https://api.scloudsg.com');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw configError(origin, `must be an http(s) URL, got scheme ${u.protocol}`, 'use http:// or https://');
  return v;
}

/** Backoff values: finite, 0 to MAX_BACKOFF_MS, baseMs <= capMs; unset ones take the defaults. */
export function checkBackoff(origin: string, v: unknown): ResolvedBackoff {
  if (v === undefined) return DEFAULT_BACKOFF;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw configError(origin, `must be an object { baseMs, capMs, retryAfterCapMs }, got ${describeValue(v)}`, 'pass an object or leave it unset');
  const b = v as BackoffOptions;
  const one = (name: keyof BackoffOptions): number => {
    const x = b[name];
    if (x === undefined) return DEFAULT_BACKOFF[name];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > MAX_BACKOFF_MS) {
      throw configError(
        `${origin}.${name}`,
        `must be a number of milliseconds from 0 to ${MAX_BACKOFF_MS}, got ${describeValue(x)}`,
        'pass a value in that range or leave it unset',
      );
    }
    return x;
  };
  const resolved = { baseMs: one('baseMs'), capMs: one('capMs'), retryAfterCapMs: one('retryAfterCapMs') };
  if (resolved.baseMs > resolved.capMs) {
    throw configError(origin, `has baseMs ${resolved.baseMs} above capMs ${resolved.capMs}`, 'make baseMs <= capMs (defaults 500 and 8000)');
  }
  return resolved;
}

/** `off` (default): no check; `warn`: log lines, the response returned as received; `throw`: ResponseDriftError. */
export type ResponseValidation = 'off' | 'warn' | 'throw';

const VALIDATION_MODES: readonly ResponseValidation[] = ['off', 'warn', 'throw'];

/** A `validateResponses` value from an option or env variable. */
export function checkResponseValidation(origin: string, v: unknown): ResponseValidation {
  if (typeof v === 'string' && (VALIDATION_MODES as readonly string[]).includes(v)) return v as ResponseValidation;
  const got = typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : describeValue(v); // a mode name, not a secret
  throw configError(origin, `must be 'off', 'warn' or 'throw', got ${got}`, 'use one of those or leave it unset (off)');
}

/** An optional function. */
export function checkFunction(origin: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'function') throw configError(origin, `must be a function, got ${describeValue(v)}`, 'pass a function or leave it unset');
}

/** An optional object whose listed members, when present, are functions. */
export function checkMethods(origin: string, v: unknown, names: readonly string[], required: boolean): void {
  if (v === undefined) return;
  if (v === null || typeof v !== 'object') throw configError(origin, `must be an object, got ${describeValue(v)}`, 'pass an object or leave it unset');
  for (const name of names) {
    const m = (v as Record<string, unknown>)[name];
    if (m === undefined && !required) continue;
    if (typeof m !== 'function')
      throw configError(
        `${origin}.${name}`,
        `must be a function, got ${describeValue(m)}`,
        required ? `give the object all of ${names.join(', ')}` : 'pass a function or leave it out',
      );
  }
}

/** A header value: a string without control characters (a line break would inject a header). */
export function checkHeaderText(origin: string, v: unknown): string | undefined {
  const s = optionalString(origin, v);
  // eslint-disable-next-line no-control-regex
  if (s !== undefined && /[\u0000-\u001f\u007f]/.test(s)) throw configError(origin, 'contains a control character (such as a line break)', 'remove it');
  return s;
}
