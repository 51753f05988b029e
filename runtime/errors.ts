/**
 * Typed errors. Every error the client throws is an SCloudError; the original failure, if any, is in `cause`.
 * Messages never contain the private key, the Signature or password-like params (see redact.ts).
 * No run-time import: the modules loaded on first use (credential-cache.ts, drift.ts, spans.ts) import this one, and
 * a bundle without code splitting wraps every module such a module imports, and theirs, in a lazy initializer.
 */
import type { ShapeFinding } from './response-check.js';

export interface ErrorContext {
  /** The API action, when the error belongs to one call. */
  readonly action?: string;
  readonly cause?: unknown;
}

/** Base class of every error this SDK throws. */
export class SCloudError extends Error {
  // Each class names itself in a field: a minifier renames classes (`new.target.name` would read `R` in a bundle),
  // and a field, unlike a prototype assignment, leaves an unused class free to be tree-shaken.
  override name: string = 'SCloudError';
  readonly action: string | undefined;
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.action = context.action;
  }
}

/** The client configuration is unusable (e.g. no credentials anywhere, unreadable profile file). */
export class ConfigError extends SCloudError {
  override name: string = 'ConfigError';
}

/**
 * Credentials could not be had: a credentials provider threw (its error is the `cause`) or returned something
 * unusable, the instance metadata server is down or answered garbage or a non-zero RetCode, AssumeRole failed,
 * or the keys expired. Thrown before anything is sent; never holds a key or token.
 */
export class CredentialsError extends SCloudError {
  override name: string = 'CredentialsError';
}

/** A param is missing, has the wrong type or cannot be encoded; thrown before anything is sent. */
export class ValidationError extends SCloudError {
  override name: string = 'ValidationError';
  /** One line per problem, e.g. `UHostId: required but missing`. */
  readonly issues: readonly string[];
  constructor(action: string, issues: readonly string[], cause?: unknown) {
    super(`invalid params for ${action}: ${issues.join('; ')}`, { action, cause });
    this.issues = issues;
  }
}

/** The API answered with a non-zero RetCode. */
export class ApiError extends SCloudError {
  override name: string = 'ApiError';
  readonly retCode: number;
  readonly requestId: string | undefined;
  /** The provider's own message text (`message` holds the full sentence). */
  readonly apiMessage: string;
  constructor(action: string, retCode: number, apiMessage: string, requestId: string | undefined) {
    super(`${action} failed: RetCode ${retCode}: ${apiMessage}${requestId === undefined ? '' : ` (request ${requestId})`}`, { action });
    this.retCode = retCode;
    this.requestId = requestId;
    this.apiMessage = apiMessage;
  }
}

/** RetCode 170-174: bad or missing keys, bad signature, no permission. Check publicKey/privateKey/projectId. */
export class AuthError extends ApiError {
  override name: string = 'AuthError';
}

/** RetCode 153: too many requests. */
export class ThrottleError extends ApiError {
  override name: string = 'ThrottleError';
}

/** A non-2xx HTTP status, or a 2xx body that is not a JSON object with RetCode (an HTML page, a proxy error). */
export class HttpError extends SCloudError {
  override name: string = 'HttpError';
  readonly status: number;
  /** At most 512 characters of the body, secrets removed. */
  readonly body: string;
  readonly requestId: string | undefined;
  /** Seconds or HTTP date from Retry-After, as sent. */
  readonly retryAfter: string | undefined;
  constructor(action: string, status: number, problem: string, body: string, requestId?: string, retryAfter?: string) {
    super(`${action}: ${problem} (HTTP ${status})${body.length > 0 ? `: ${body}` : ''}`, { action });
    this.status = status;
    this.body = body;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** The connection failed. `sent` is false only when the request certainly never left (refused, DNS failure). */
export class NetworkError extends SCloudError {
  override name: string = 'NetworkError';
  readonly sent: boolean;
  readonly code: string | undefined;
  constructor(message: string, sent: boolean, code: string | undefined, context: ErrorContext = {}) {
    super(message, context);
    this.sent = sent;
    this.code = code;
  }
}

/** One attempt took longer than the per-attempt `timeout`. */
export class TimeoutError extends SCloudError {
  override name: string = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(action: string, timeoutMs: number, cause?: unknown) {
    super(`${action}: no answer within ${timeoutMs} ms; raise the \`timeout\` option if the action is slow`, { action, cause });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired (during an attempt or a backoff sleep). */
export class AbortError extends SCloudError {
  override name: string = 'AbortError';
}

/** The AbortError for `action` when the caller's signal fired; the signal's reason is its cause. */
export function abortError(action: string, signal: AbortSignal): AbortError {
  return new AbortError(`${action}: aborted by the caller's signal`, { action, cause: signal.reason });
}

/** A waiter gave up: the state did not reach a success value within `maxWaitMs`. `cause`: the last poll's error, if any. */
export class WaiterTimeoutError extends SCloudError {
  override name: string = 'WaiterTimeoutError';
  readonly waiter: string;
  /** The last state a poll saw (undefined when none reported one). */
  readonly lastState: string | undefined;
  /** Polls made, the one cut short by the deadline included. */
  readonly polls: number;
  readonly maxWaitMs: number;
  constructor(waiter: string, action: string, lastState: string | undefined, polls: number, maxWaitMs: number, cause?: unknown) {
    const last = lastState === undefined ? 'no state seen' : `last state ${JSON.stringify(lastState)}`;
    super(`waiter ${waiter}: no success state within ${maxWaitMs} ms (${polls} poll(s) of ${action}, ${last}); raise maxWaitMs if the resource is slow`, {
      action,
      cause,
    });
    this.waiter = waiter;
    this.lastState = lastState;
    this.polls = polls;
    this.maxWaitMs = maxWaitMs;
  }
}

/** A waiter saw a failure state (e.g. `Install Fail`): waiting longer cannot succeed. */
export class WaiterFailedError extends SCloudError {
  override name: string = 'WaiterFailedError';
  readonly waiter: string;
  readonly state: string;
  readonly polls: number;
  constructor(waiter: string, action: string, state: string, polls: number) {
    super(`waiter ${waiter}: ${action} reports state ${JSON.stringify(state)}, a failure state (after ${polls} poll(s)); waiting longer cannot succeed`, {
      action,
    });
    this.waiter = waiter;
    this.state = state;
    this.polls = polls;
  }
}

/** A finding in words, no value: `documented string, received integer`, `required field missing (documented integer)`. */
export function describeFinding(f: Pick<ShapeFinding, 'kind' | 'documented' | 'received'>): string {
  if (f.kind === 'required-missing') return `required field missing (documented ${f.documented ?? 'unknown'})`;
  if (f.kind === 'undocumented') return `undocumented field, received ${f.received ?? 'unknown'}`;
  return `documented ${f.documented ?? 'unknown'}, received ${f.received ?? 'unknown'}`;
}

/** Findings named in a ResponseDriftError's message; the rest are counted. */
const DRIFT_IN_MESSAGE = 10;

/**
 * `validateResponses: 'throw'`: the response breaks the documented shape (a field of another JSON type, a
 * required field missing). Names paths and types, never values; the parsed response is on `response`.
 */
export class ResponseDriftError extends SCloudError {
  override name: string = 'ResponseDriftError';
  readonly requestId: string | undefined;
  /** Each place the response breaks its documented shape (undocumented fields are not listed). */
  readonly findings: readonly ShapeFinding[];
  /** The docs-relative page the action was generated from. */
  readonly doc: string | undefined;
  // Private, behind a getter: not an own enumerable property, so JSON.stringify, inspect and structured loggers
  // that dump the error do not dump the user's data with it.
  readonly #response: Readonly<Record<string, unknown>>;

  constructor(action: string, findings: readonly ShapeFinding[], response: Readonly<Record<string, unknown>>, requestId?: string, doc?: string) {
    const listed = findings
      .slice(0, DRIFT_IN_MESSAGE)
      .map((f) => `${f.path}: ${describeFinding(f)}`)
      .join('; ');
    const more = findings.length > DRIFT_IN_MESSAGE ? `; and ${findings.length - DRIFT_IN_MESSAGE} more` : '';
    const where = [doc, requestId === undefined ? undefined : `request ${requestId}`].filter((x) => x !== undefined).join(', ');
    super(
      `${action}: the response does not match the documented shape: ${listed}${more}${where === '' ? '' : ` (${where})`}. ` +
        "The parsed response is on error.response; validateResponses 'warn' logs this instead of failing the call",
      { action },
    );
    this.requestId = requestId;
    this.findings = findings;
    this.doc = doc;
    this.#response = response;
  }

  /** The parsed response, as received. */
  get response(): Readonly<Record<string, unknown>> {
    return this.#response;
  }
}
