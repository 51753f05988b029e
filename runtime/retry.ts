/**
 * When to retry, and how long to wait. One commented rule per case; the first rule that matches decides.
 */
import {
  abortError,
  AbortError,
  ApiError,
  ConfigError,
  HttpError,
  NetworkError,
  ResponseDriftError,
  SCloudError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { unwatch, watch } from './cancel.js';
import { BODY_TOO_LARGE } from './transport/body.js';

export interface RetryDecision {
  readonly retry: boolean;
  /** Why, for logs and the onRetry hook. */
  readonly reason: string;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const RETRY_RETCODES = new Set([150, 153]);

/** Whether a failed attempt is retried, and why (for logs and the onRetry hook); rules in order, first match decides. */
export function shouldRetry(error: SCloudError, idempotent: boolean): RetryDecision {
  // The caller cancelled: never retry, stop at once.
  if (error instanceof AbortError) return { retry: false, reason: 'aborted by caller' };
  // Bad params or config fail the same way every time.
  if (error instanceof ValidationError || error instanceof ConfigError) return { retry: false, reason: 'not retryable' };
  // The answer arrived and broke its documented shape (validateResponses 'throw'): the next one would too.
  if (error instanceof ResponseDriftError) return { retry: false, reason: 'response does not match the documented shape' };
  // The answer was larger than the transport's body limit: another attempt would download it again, just as large.
  if (error instanceof NetworkError && error.code === BODY_TOO_LARGE) return { retry: false, reason: 'response body over the limit' };
  // The connection failed before the request was sent (refused, DNS): nothing reached the server,
  // so retrying is safe for every action, even Create*.
  if (error instanceof NetworkError && !error.sent) return { retry: true, reason: `connection failed before sending (${error.code ?? 'network'})` };
  // Everything below may have reached the server: a retry could run a non-idempotent action twice.
  if (!idempotent) return { retry: false, reason: 'action is not idempotent' };
  // The attempt timed out; the server may still be working on it.
  if (error instanceof TimeoutError) return { retry: true, reason: `timed out after ${error.timeoutMs} ms` };
  // The connection broke after sending (reset, hang-up).
  if (error instanceof NetworkError) return { retry: true, reason: `connection lost (${error.code ?? 'network'})` };
  // Throttled (429) or a gateway/backend that is temporarily away (502/503/504).
  if (error instanceof HttpError && RETRY_STATUS.has(error.status)) return { retry: true, reason: `HTTP ${error.status}` };
  // RetCode 150 (service temporarily unavailable) and 153 (throttled).
  if (error instanceof ApiError && RETRY_RETCODES.has(error.retCode)) return { retry: true, reason: `RetCode ${error.retCode}` };
  // Other HTTP statuses, other RetCodes, malformed bodies: retrying would give the same answer.
  return { retry: false, reason: 'not retryable' };
}

/** Backoff tuning; the defaults suit the real API, tests use small values. Checked by config-check.ts. */
export interface BackoffOptions {
  /** First retry waits up to this long (full jitter); doubles per attempt. Default 500 ms. */
  readonly baseMs?: number | undefined;
  /** Upper bound of one backoff sleep. Default 8 000 ms. */
  readonly capMs?: number | undefined;
  /** Upper bound for a server's Retry-After. Default 30 000 ms. */
  readonly retryAfterCapMs?: number | undefined;
}

/** Backoff with every value set. */
export interface ResolvedBackoff {
  readonly baseMs: number;
  readonly capMs: number;
  readonly retryAfterCapMs: number;
}

/**
 * Milliseconds to wait before retry number `retry` (1-based): full jitter, `random() * min(cap, base * 2^(retry-1))`.
 * A server's Retry-After (seconds or HTTP date) replaces it, capped at `retryAfterCapMs`.
 */
export function backoffDelay(retry: number, backoff: ResolvedBackoff, retryAfter?: string, random = Math.random, now = Date.now()): number {
  const after = parseRetryAfter(retryAfter, now);
  if (after !== undefined) return Math.min(after, backoff.retryAfterCapMs);
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds, or undefined when absent or unparseable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sleeps `ms`; an abort ends the sleep at once with AbortError. */
export function sleep(ms: number, signal: AbortSignal | undefined, action: string): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortError(action, signal));
  return new Promise((resolve, reject) => {
    const waiter = {
      cancel: (): void => {
        clearTimeout(timer);
        reject(abortError(action, signal as AbortSignal));
      },
    };
    const timer = setTimeout(() => {
      if (signal !== undefined) unwatch(signal, waiter);
      resolve();
    }, ms);
    if (signal !== undefined) watch(signal, waiter);
  });
}
