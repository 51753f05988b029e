/**
 * The client: fills defaults, runs hooks, validates, encodes and signs once, then sends with retries.
 */
import { AttemptRequest } from './cancel.js';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config.js';
import { AuthError, ApiError, ConfigError, HttpError, NetworkError, SCloudError, ThrottleError, TimeoutError, ValidationError } from './errors.js';
import type { Hooks } from './hooks.js';
import { isIdempotentAction } from './idempotency.js';
import type { Logger } from './logger.js';
import type { ActionMeta, ObjectShape } from './meta.js';
import { redactParams, restoreSecrets, secretValues } from './redact.js';
import { checkRetries, checkTimeout } from './config-check.js';
import { abortError, backoffDelay, shouldRetry, sleep, type ResolvedBackoff } from './retry.js';
import { Scrubber } from './scrub.js';
import { EncodeError, flattenParams, signAndEncode } from './sign.js';
import { FetchTransport } from './transport/fetch.js';
import { HttpTransport } from './transport/http.js';
import type { Transport, TransportResponse } from './transport/types.js';
import { UndiciTransport } from './transport/undici.js';
import { validateParams } from './validate.js';

export const SDK_VERSION = '0.1.0';

/** Per-call options; each overrides the client's setting for this call only. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds per attempt. */
  readonly timeout?: number | undefined;
  readonly maxRetries?: number | undefined;
  /** Overrides the spec's (or the verb rule's) idempotency for retry decisions. */
  readonly idempotent?: boolean | undefined;
}

/** A request ready to send: signed once, resent as-is on retries. */
interface Prepared {
  readonly action: string;
  readonly body: string;
  /** The wire params, kept to list secret values (see #scrubber) only when an error needs scrubbing. */
  readonly flat: Readonly<Record<string, string>>;
  /** Built on first use from `flat` and the keys. */
  scrubber?: Scrubber | undefined;
}

/** Which defaults to fill: those the action declares (invoke), Region+ProjectId (call), none (already done). */
type Fill = 0 | 1 | 2;
const FILL_DECLARED = 0;
const FILL_CALL = 1;
const FILL_NONE = 2;
const DEFAULT_FIELDS = [['Region', 'region'], ['Zone', 'zone'], ['ProjectId', 'projectId']] as const;
const UNKNOWN_ACTION_PARAMS: ObjectShape = { f: {} };
const NO_ISSUES: readonly string[] = [];
const EXCERPT = 512;

export class Client {
  readonly #config: ResolvedConfig;
  readonly #transport: Transport;
  readonly #hooks: Hooks;
  readonly #logger: Logger | undefined;
  readonly #backoff: ResolvedBackoff;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(config: ClientConfig = {}) {
    this.#config = resolveConfig(config);
    this.#transport = pickTransport(config);
    this.#hooks = config.hooks ?? {};
    this.#logger = config.logger;
    this.#backoff = this.#config.backoff;
    const ua = `scloud-sdk/${SDK_VERSION} node/${process.version}${config.userAgent === undefined ? '' : ` ${config.userAgent}`}`;
    this.#headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': ua, accept: 'application/json' };
  }

  /** Region, zone, project, base URL and where the keys came from (never the private key). */
  get settings(): Omit<ResolvedConfig, 'credentials'> & { publicKey: string } {
    const { credentials, ...rest } = this.#config;
    return { ...rest, publicKey: credentials.publicKey };
  }

  /** Generated actions call this: fills Region/Zone/ProjectId defaults, validates against meta.params, signs, sends, retries per meta.idempotent. */
  async invoke<R>(meta: ActionMeta, params: object | undefined, options: CallOptions = {}): Promise<R> {
    return this.#run<R>(meta, params, options, FILL_DECLARED);
  }

  /** Any action by name, same signing/errors; idempotency from the verb rule (runtime/idempotency.ts). Fills Region and ProjectId, not Zone. */
  async call<R = Record<string, unknown>>(action: string, params?: object, options: CallOptions = {}): Promise<R> {
    const meta: ActionMeta = { action, idempotent: isIdempotentAction(action), params: UNKNOWN_ACTION_PARAMS };
    return this.#run<R>(meta, params, options, FILL_CALL);
  }

  /** Closes idle keep-alive sockets (lets the process exit at once). */
  close(): void {
    this.#transport.close?.();
  }

  async #run<R>(meta: ActionMeta, params: object | undefined, options: CallOptions, fill: Fill): Promise<R> {
    const action = meta.action;
    const signal = options.signal;
    let attempt = 0;
    try {
      if (signal?.aborted === true) throw abortError(action, signal);
      const prepared = this.#hooks.onRequest === undefined
        ? this.#prepare(meta, { ...(params ?? {}) }, fill)
        : this.#prepare(meta, await this.#onRequest(meta.action, this.#withDefaults({ ...(params ?? {}) }, fill, meta)), FILL_NONE);
      const idempotent = options.idempotent ?? meta.idempotent;
      const maxRetries = options.maxRetries === undefined ? this.#config.maxRetries : checkRetries('call option `maxRetries`', options.maxRetries);
      const timeout = options.timeout === undefined ? this.#config.timeout : checkTimeout('call option `timeout`', options.timeout);
      for (;;) {
        attempt++;
        try {
          return await this.#attempt<R>(prepared, attempt, timeout, signal);
        } catch (error) {
          const err = error as SCloudError;
          const decision = shouldRetry(err, idempotent);
          if (!decision.retry || attempt > maxRetries) throw err;
          const delayMs = backoffDelay(attempt, this.#backoff, err instanceof HttpError ? err.retryAfter : undefined);
          this.#logger?.warn(`${action}: attempt ${attempt} failed (${decision.reason}); retrying in ${delayMs} ms`, { action, attempt, delayMs });
          if (this.#hooks.onRetry !== undefined) this.#notify('onRetry', () => this.#hooks.onRetry?.({ action, attempt, delayMs, reason: decision.reason, error: err }));
          await sleep(delayMs, signal, action);
        }
      }
    } catch (error) {
      const err = error instanceof SCloudError ? error : new SCloudError(`${action}: ${String(error)}`, { action, cause: error });
      // Errors thrown before signing (onRequest hook, encoding) are the caller's own; those from sending are scrubbed below.
      this.#logger?.error(`${action} failed after ${attempt} attempt(s): ${err.message}`, { action, attempts: attempt, error: err.name });
      if (this.#hooks.onError !== undefined) this.#notify('onError', () => this.#hooks.onError?.({ action, attempts: attempt, error: err }));
      throw err;
    }
  }

  /** Runs an observer hook; a hook that throws is logged, never allowed to change the call's outcome. */
  #notify(name: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#logger?.warn(`hook ${name} threw (ignored): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Fills Region/Zone/ProjectId from the config where `fill` allows and the params do not set them (mutates p). */
  #withDefaults(p: Record<string, unknown>, fill: Fill, meta: ActionMeta): Record<string, unknown> {
    if (fill === FILL_NONE) return p;
    for (const [wire, option] of DEFAULT_FIELDS) {
      const value = this.#config[option];
      if (p[wire] !== undefined || value === undefined) continue;
      if (fill === FILL_DECLARED ? meta.params.f[wire] !== undefined : wire !== 'Zone') p[wire] = value;
    }
    return p;
  }

  /** Runs the onRequest hook on a redacted copy; secrets the hook left redacted are put back. */
  async #onRequest(action: string, p: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ctx = { action, params: redactParams(p) };
    const replaced = await this.#hooks.onRequest?.(ctx);
    return restoreSecrets(replaced ?? ctx.params, p) as Record<string, unknown>;
  }

  /** Defaults, validation, encoding and signing (synchronous: no hook runs here). */
  #prepare(meta: ActionMeta, params: Record<string, unknown>, fill: Fill): Prepared {
    const action = meta.action;
    const p = this.#withDefaults(params, fill, meta);
    // call() of an action the spec does not know has nothing to check against.
    const issues = meta.params === UNKNOWN_ACTION_PARAMS ? NO_ISSUES : validateParams(p, meta.params);
    if (issues.length > 0) throw new ValidationError(action, issues.map(withDefaultHint));
    try {
      const flat = flattenParams(p);
      flat.Action = action;
      flat.PublicKey = this.#config.credentials.publicKey;
      const privateKey = this.#config.credentials.privateKey();
      const body = signAndEncode(flat, privateKey);
      return { action, body, flat };
    } catch (error) {
      if (error instanceof EncodeError) throw new ValidationError(action, [error.message], error);
      throw error;
    }
  }

  async #attempt<R>(req: Prepared, attempt: number, timeout: number, signal: AbortSignal | undefined): Promise<R> {
    const { action } = req;
    const request = new AttemptRequest(this.#config.baseUrl, this.#headers, req.body, timeout, signal);
    const started = performance.now();
    this.#logger?.debug(`${action}: attempt ${attempt}`, { action, attempt });
    let res: TransportResponse;
    try {
      res = await this.#transport.send(request);
    } catch (error) {
      if (signal?.aborted === true) throw abortError(action, signal);
      const scrub = this.#scrubber(req);
      if (request.timedOut) throw new TimeoutError(action, timeout, scrub.error(error));
      if (error instanceof ConfigError) throw error;
      if (error instanceof NetworkError) {
        throw new NetworkError(`${action}: ${scrub.text(error.message)}`, error.sent, error.code, { action, cause: scrub.error(error.cause ?? error) });
      }
      throw new NetworkError(`${action}: transport failed: ${scrub.text(String(error))}`, true, undefined, { action, cause: scrub.error(error) });
    } finally {
      request.dispose();
    }
    return this.#parse<R>(req, res, attempt, performance.now() - started);
  }

  /** Scrubs what reaches an error, a hook or a log: private key, Signature, password-like values (runtime/scrub.ts). */
  #scrubber(req: Prepared): Scrubber {
    req.scrubber ??= new Scrubber(secretValues(req.flat, this.#config.credentials.privateKey()));
    return req.scrubber;
  }

  #excerpt(req: Prepared, res: TransportResponse): string {
    return this.#scrubber(req).excerpt(res.body, EXCERPT);
  }

  #parse<R>(req: Prepared, res: TransportResponse, attempt: number, durationMs: number): R {
    const { action } = req;
    let requestId = res.header('x-ucloud-request-uuid');
    if (res.status < 200 || res.status > 299) {
      throw new HttpError(action, res.status, 'HTTP error', this.#excerpt(req, res), requestId, res.header('retry-after'));
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      // No `cause`: the SyntaxError's message quotes the body unscrubbed; the excerpt below is scrubbed.
      const type = res.header('content-type') ?? 'no content-type';
      throw new HttpError(action, res.status, `expected a JSON body, got ${type}`, this.#excerpt(req, res), requestId);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { RetCode?: unknown }).RetCode !== 'number') {
      throw new HttpError(action, res.status, 'response has no numeric RetCode, so success cannot be confirmed', this.#excerpt(req, res), requestId);
    }
    const b = body as Record<string, unknown>;
    requestId ??= typeof b.RequestUUID === 'string' ? b.RequestUUID : undefined;
    const retCode = b.RetCode as number;
    if (retCode !== 0) throw apiError(action, retCode, this.#scrubber(req).text(String(b.Message ?? '(no message)')), requestId);
    this.#logger?.debug(`${action}: RetCode 0 in ${durationMs.toFixed(1)} ms`, { action, attempt, requestId });
    if (this.#hooks.onResponse !== undefined) {
      this.#notify('onResponse', () => this.#hooks.onResponse?.({ action, attempt, status: res.status, requestId, durationMs, body: this.#scrubber(req).deep(redactParams(b)) }));
    }
    return b as R;
  }
}

function apiError(action: string, retCode: number, message: string, requestId: string | undefined): ApiError {
  // 170-174: missing/bad keys, signature mismatch, no permission on the project.
  if (retCode >= 170 && retCode <= 174) return new AuthError(action, retCode, message, requestId);
  if (retCode === 153) return new ThrottleError(action, retCode, message, requestId);
  return new ApiError(action, retCode, message, requestId);
}

function withDefaultHint(issue: string): string {
  const m = /^(Region|Zone|ProjectId): required but missing$/.exec(issue);
  if (m === null) return issue;
  const env = { Region: 'REGION', Zone: 'ZONE', ProjectId: 'PROJECT_ID' }[m[1] as 'Region'];
  const opt = { Region: 'region', Zone: 'zone', ProjectId: 'projectId' }[m[1] as 'Region'];
  return `${issue} (pass it, or set the client option \`${opt}\`, env SCLOUD_${env}, or the profile's ${opt === 'projectId' ? 'project_id' : opt})`;
}

function pickTransport(config: ClientConfig): Transport {
  const t = config.transport;
  if (typeof t === 'object') return t;
  if (t === 'fetch' || (t === undefined && config.fetch !== undefined)) return new FetchTransport(config.fetch);
  if (t === 'http') return new HttpTransport();
  if (t === undefined || t === 'undici') return new UndiciTransport();
  throw new ConfigError(`unknown transport ${JSON.stringify(t)}: use 'undici' (the default), 'http', 'fetch' or a Transport object`);
}
