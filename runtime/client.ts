/**
 * The client: fills defaults, runs hooks, validates, encodes and signs once, then sends with retries; one log
 * line per attempt (runtime/attempt-log.ts). Preparing a request is runtime/request.ts, reading the answer
 * runtime/response.ts, choosing the transport runtime/transport/select.ts.
 *
 * Optional features are steps whose module loads on first use (a dynamic import() of a literal specifier): a
 * provider's key cache (credential-cache.ts) on the first call, response checking (drift.ts) with the first response
 * checked, spans (spans.ts) with the first call while a tracer provider is registered. Code with static keys,
 * checking off and no tracer never loads them; a bundler that splits code makes them chunks it never fetches.
 */
import { logAttempt, newAttemptInfo, type AttemptInfo } from './attempt-log.js';
import { AttemptRequest } from './cancel.js';
import { checkResponseValidation, checkRetries, checkTimeout, type ResponseValidation } from './config-check.js';
import { resolveConfig, type ClientConfig, type ResolvedConfig } from './config.js';
import type { CredentialCache } from './credential-cache.js';
import type { CredentialProvider, Credentials } from './credentials.js';
import type { DriftReporter } from './drift.js';
import { abortError, ConfigError, HttpError, NetworkError, SCloudError, TimeoutError } from './errors.js';
import type { Hooks } from './hooks.js';
import { isIdempotentAction } from './idempotency.js';
import { LevelLog, logChosen } from './logger.js';
import type { ActionMeta } from './meta.js';
import { processEnv, runtimeToken } from './platform.js';
import { REDACTED, redactParams, restoreSecrets } from './redact.js';
import { PreparedRequest, prepareRequest, UNKNOWN_ACTION_PARAMS, withDefaults, type Fill } from './request.js';
import { parseResponse, responseInfo, type WithResponse } from './response.js';
import { backoffDelay, shouldRetry, sleep } from './retry.js';
import type { CallSpan, Spans } from './spans.js';
import { checkTracing, tracerRegistered } from './tracing.js';
import { selectTransport } from './transport/select.js';
import type { Transport, TransportResponse } from './transport/types.js';
import { SDK_VERSION } from './version.js';

/** This SDK's version (the client package's), sent in the User-Agent. */
export { SDK_VERSION };

/** Per-call options; each overrides the client's setting for this call only. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds per attempt, 1 to 3 600 000. */
  readonly timeout?: number | undefined;
  /** Retries after the first attempt, 0 to 100. */
  readonly maxRetries?: number | undefined;
  /** Overrides the spec's (or the verb rule's) idempotency for retry decisions. */
  readonly idempotent?: boolean | undefined;
  /** Response checking for this call: `off`, `warn` or `throw` (see the client option). */
  readonly validateResponses?: ResponseValidation | undefined;
  /** Leave unset: `true` belongs to {@link RawCallOptions}, whose overload resolves to `{ data, response }`. */
  readonly withResponse?: false | undefined;
}

/** Call options of a raw call: resolves to `{ data, response }` (HTTP status, headers, request id, attempts). */
export type RawCallOptions = Omit<CallOptions, 'withResponse'> & { readonly withResponse: true };

/** The SCloud API client: one per set of credentials and endpoint; generated action functions take it first. */
export class Client {
  #config: ResolvedConfig;
  readonly #transport: Transport;
  readonly #hooks: Hooks;
  readonly #log: LevelLog | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #secrets: readonly string[];
  /** The `credentials` option's provider, through its cache (loaded on the first call); undefined for static keys. */
  readonly #keys: OnFirstUse<CredentialCache> | undefined;
  /** Response checking, loaded with the first response checked. */
  readonly #drift: OnFirstUse<DriftReporter>;
  /** Spans, loaded with the first call while a tracer provider is registered; undefined for `tracing: false`. */
  readonly #spans: OnFirstUse<Spans> | undefined;

  constructor(config: ClientConfig = {}) {
    this.#config = resolveConfig(config);
    const { transport, secrets } = selectTransport(config, this.#config);
    this.#transport = transport;
    this.#secrets = secrets;
    const hooks = (this.#hooks = config.hooks ?? {});
    const log = (this.#log = LevelLog.create(config.logger, this.#config.logLevel));
    const warn = (message: string): void => log?.write('warn', message);
    const { credentialProvider: provider, credentialSource: source, driftLog, baseUrl } = this.#config;
    // The provider's own clients (fromAssumeRole's) get the options as they are now.
    this.#keys = provider === undefined ? undefined : credentialCache(provider, source, { ...config }, baseUrl, warn);
    // Drift lines go to the user's logger or level when one was chosen, else to stderr: the `warn` mode asked for them.
    const driftLines = logChosen(config.logger, config.logLevel, config.env ?? processEnv()) ? log : LevelLog.create(undefined, 'warn');
    this.#drift = new OnFirstUse(async () => new (await import('./drift.js')).DriftReporter({ log: driftLines, hooks, driftLog }));
    const tracing = checkTracing(config.tracing);
    this.#spans = tracing === undefined ? undefined : new OnFirstUse(async () => new (await import('./spans.js')).Spans(tracing.api, baseUrl, warn));
    const ua = `scloud-sdk/${SDK_VERSION} ${runtimeToken()}${config.userAgent === undefined ? '' : ` ${config.userAgent}`}`;
    this.#headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': ua, accept: 'application/json' };
  }

  /**
   * Region, zone, project, base URL, limits, log level, proxy (without credentials) and where the keys came from;
   * the public key of long-lived keys (temporary keys, with a token or from a provider, are secrets: `[redacted]`).
   */
  get settings(): Omit<ResolvedConfig, 'credentials' | 'credentialProvider'> & { publicKey: string } {
    const { credentials, credentialProvider: _provider, ...rest } = this.#config;
    return { ...rest, publicKey: credentials === undefined || credentials.temporary ? REDACTED : credentials.publicKey };
  }

  /**
   * Generated actions call this: fills Region/Zone/ProjectId defaults, validates against meta.params, signs, sends,
   * retries per meta.idempotent. With `{ withResponse: true }` it resolves to `{ data, response }`.
   */
  invoke<R>(meta: ActionMeta, params: object | undefined, options: RawCallOptions): Promise<WithResponse<R>>;
  invoke<R>(meta: ActionMeta, params: object | undefined, options?: CallOptions): Promise<R>;
  invoke<R>(meta: ActionMeta, params: object | undefined, options?: CallOptions | RawCallOptions): Promise<R | WithResponse<R>>;
  async invoke<R>(meta: ActionMeta, params: object | undefined, options: CallOptions | RawCallOptions = {}): Promise<R | WithResponse<R>> {
    return this.#traced<R>(meta, params, options, 'declared');
  }

  /** Any action by name, same signing/errors; idempotency from the verb rule (runtime/idempotency.ts). Fills Region and ProjectId, not Zone. */
  call<R = Record<string, unknown>>(action: string, params: object | undefined, options: RawCallOptions): Promise<WithResponse<R>>;
  call<R = Record<string, unknown>>(action: string, params?: object, options?: CallOptions): Promise<R>;
  async call<R = Record<string, unknown>>(action: string, params?: object, options: CallOptions | RawCallOptions = {}): Promise<R | WithResponse<R>> {
    const meta: ActionMeta = { action, idempotent: isIdempotentAction(action), params: UNKNOWN_ACTION_PARAMS };
    return this.#traced<R>(meta, params, options, 'call');
  }

  /** Closes idle keep-alive sockets (lets the process exit at once). */
  close(): void {
    this.#transport.close?.();
  }

  /** The call in an OpenTelemetry span when a tracer provider is registered (runtime/spans.ts), else as is. */
  #traced<R>(meta: ActionMeta, params: object | undefined, options: CallOptions | RawCallOptions, fill: Fill): Promise<R | WithResponse<R>> {
    const spans = this.#spans;
    if (spans === undefined || !tracerRegistered()) return this.#run<R>(meta, params, options, fill, undefined);
    const run = (span: CallSpan | undefined): Promise<R | WithResponse<R>> => this.#run<R>(meta, params, options, fill, span);
    if (spans.now !== undefined) return spans.now.run(meta, run);
    // Tracing never fails a call: a module that cannot be loaded (a broken install) leaves it untraced, said at warn.
    return spans.get().then(
      (s) => s.run(meta, run),
      (error: unknown) => {
        this.#log?.write('warn', `tracing: runtime/spans.js could not be loaded (${String(error)}); the call is not traced`);
        return run(undefined);
      },
    );
  }

  async #run<R>(
    meta: ActionMeta,
    params: object | undefined,
    options: CallOptions | RawCallOptions,
    fill: Fill,
    span: CallSpan | undefined,
  ): Promise<R | WithResponse<R>> {
    const action = meta.action;
    const signal = options.signal;
    let attempt = 0;
    let info: AttemptInfo | undefined;
    let logged = false;
    /** Attempts beyond maxRetries' count: the one retry with renewed keys after the API refused a provider's. */
    let renewed = 0;
    try {
      if (signal?.aborted === true) throw abortError(action, signal);
      const maxRetries = options.maxRetries === undefined ? this.#config.maxRetries : checkRetries('call option `maxRetries`', options.maxRetries);
      const timeout = options.timeout === undefined ? this.#config.timeout : checkTimeout('call option `timeout`', options.timeout);
      const validate =
        options.validateResponses === undefined
          ? this.#config.validateResponses
          : checkResponseValidation('call option `validateResponses`', options.validateResponses);
      const keys = this.#config.credentials ?? (await this.#providerKeys(action, signal));
      // A provider's cache (loaded by #providerKeys): re-signs a retry whose keys expired, renews keys the API refused.
      const cache = this.#keys?.now;
      const p =
        this.#hooks.onRequest === undefined
          ? { ...(params ?? {}) }
          : await this.#onRequest(action, withDefaults({ ...(params ?? {}) }, fill, meta, this.#config));
      const f = this.#hooks.onRequest === undefined ? fill : 'none';
      // Signed at once where node:crypto is here; through Web Crypto (a Promise) in a Worker.
      const prepared = prepareRequest(meta, p, f, this.#config, this.#secrets, options, keys);
      let req = prepared instanceof PreparedRequest ? prepared : await prepared;
      const idempotent = options.idempotent ?? meta.idempotent;
      for (;;) {
        attempt++;
        // Signed once and resent as is, unless a provider's keys expired meanwhile (a long backoff): then re-signed.
        if (cache !== undefined && req.keys.expired())
          req = await prepareRequest(meta, p, f, this.#config, this.#secrets, options, await cache.get(signal, action));
        info = newAttemptInfo();
        try {
          const { data, res } = await this.#attempt(req, attempt, timeout, signal, info);
          if (validate !== 'off' && meta.response !== undefined) await this.#checkResponse(meta, data, info.requestId, validate);
          if (this.#log !== undefined) logAttempt(this.#log, req, attempt, info);
          span?.end(attempt, info);
          if (options.withResponse !== true) return data as R;
          return { data: data as R, response: responseInfo(res, info.requestId, attempt, info.durationMs) };
        } catch (error) {
          const err = error as SCloudError;
          // The API refused a provider's keys (expired or revoked early): renewed once and resent at once, re-signed. It
          // ran nothing, so this is safe for every action and is not one of maxRetries.
          const renew = cache !== undefined && renewed === 0 && cache.refused(err);
          if (renew) renewed = 1;
          const decision = renew ? { retry: true, reason: `keys refused (RetCode ${err.retCode}); renewing them` } : shouldRetry(err, idempotent);
          const retry = decision.retry && attempt - renewed <= maxRetries;
          const delayMs = renew ? 0 : retry ? backoffDelay(attempt, this.#config.backoff, err instanceof HttpError ? err.retryAfter : undefined) : undefined;
          const reason = decision.retry && !retry ? `${decision.reason}; no retries left` : decision.reason;
          if (this.#log !== undefined) logAttempt(this.#log, req, attempt, info, { error: err, reason, delayMs });
          if (delayMs === undefined) {
            logged = true;
            throw err;
          }
          span?.retry(attempt, reason, delayMs, err);
          if (this.#hooks.onRetry !== undefined) this.#notify('onRetry', () => this.#hooks.onRetry?.({ action, attempt, delayMs, reason, error: err }));
          if (renew) req = await prepareRequest(meta, p, f, this.#config, this.#secrets, options, await cache.renew(req.keys, signal, action));
          else await sleep(delayMs, signal, action);
        }
      }
    } catch (error) {
      // Errors thrown before signing (onRequest hook, encoding) are the caller's own; those from sending are scrubbed.
      const err = error instanceof SCloudError ? error : new SCloudError(`${action}: ${String(error)}`, { action, cause: error });
      if (!logged)
        this.#log?.write('error', `${action} failed ${attempt === 0 ? 'before sending' : `after ${attempt} attempt(s)`}: ${err.name}: ${err.message}`, {
          action,
          attempts: attempt,
          error: err.name,
        });
      span?.end(attempt, info, err);
      if (this.#hooks.onError !== undefined) this.#notify('onError', () => this.#hooks.onError?.({ action, attempts: attempt, error: err }));
      throw err;
    }
  }

  /** A provider's keys (fetched on first use); its region, zone and project fill the client's where it has none. */
  async #providerKeys(action: string, signal: AbortSignal | undefined): Promise<Credentials> {
    const keys = this.#keys as OnFirstUse<CredentialCache>;
    const cache = keys.now ?? (await keys.get());
    const fresh = cache.fresh() ?? (await cache.get(signal, action));
    this.#config = cache.withDefaults(this.#config);
    return fresh;
  }

  /** Checks a response against its documented shape (`validateResponses` 'warn' or 'throw'; runtime/drift.ts). */
  async #checkResponse(meta: ActionMeta, data: Readonly<Record<string, unknown>>, requestId: string | undefined, mode: 'warn' | 'throw'): Promise<void> {
    (this.#drift.now ?? (await this.#drift.get())).check(meta, data, requestId, mode);
  }

  /** Runs an observer hook; a hook that throws is logged, never allowed to change the call's outcome. */
  #notify(name: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#log?.write('warn', `hook ${name} threw (ignored): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs the onRequest hook on a redacted copy; secrets the hook left redacted are put back. */
  async #onRequest(action: string, p: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ctx = { action, params: redactParams(p) };
    const replaced = await this.#hooks.onRequest?.(ctx);
    return restoreSecrets(replaced ?? ctx.params, p) as Record<string, unknown>;
  }

  async #attempt(
    req: PreparedRequest,
    attempt: number,
    timeout: number,
    signal: AbortSignal | undefined,
    info: AttemptInfo,
  ): Promise<{ data: Record<string, unknown>; res: TransportResponse }> {
    const { action } = req;
    const request = new AttemptRequest(this.#config.baseUrl, this.#headers, req.body, timeout, signal, req.call);
    const started = performance.now();
    let res: TransportResponse;
    try {
      res = await this.#transport.send(request);
    } catch (error) {
      info.durationMs = performance.now() - started;
      if (signal?.aborted === true) throw abortError(action, signal);
      const scrub = req.scrubber();
      if (request.timedOut) throw new TimeoutError(action, timeout, scrub.error(error));
      if (error instanceof ConfigError) throw error;
      if (error instanceof NetworkError) {
        throw new NetworkError(`${action}: ${scrub.text(error.message)}`, error.sent, error.code, { action, cause: scrub.error(error.cause ?? error) });
      }
      throw new NetworkError(`${action}: transport failed: ${scrub.text(String(error))}`, true, undefined, { action, cause: scrub.error(error) });
    } finally {
      request.dispose();
    }
    info.durationMs = performance.now() - started;
    info.status = res.status;
    info.requestId = res.header('x-ucloud-request-uuid');
    const { body, requestId } = parseResponse(req, res, (retCode, id) => {
      info.retCode = retCode;
      info.requestId = id;
    });
    if (this.#hooks.onResponse !== undefined) {
      this.#notify('onResponse', () =>
        this.#hooks.onResponse?.({
          action,
          attempt,
          status: res.status,
          requestId,
          durationMs: info.durationMs,
          body: req.scrubber().deep(redactParams(body)),
        }),
      );
    }
    return { data: body, res };
  }
}

/** A provider's keys through its cache (runtime/credential-cache.ts), loaded with the client's first call. */
function credentialCache(
  provider: CredentialProvider,
  source: string,
  options: ClientConfig,
  baseUrl: string,
  warn: (message: string) => void,
): OnFirstUse<CredentialCache> {
  return new OnFirstUse(async () => {
    const { CredentialCache, providerContext } = await import('./credential-cache.js');
    return new CredentialCache(
      provider,
      source,
      warn,
      providerContext(options, baseUrl, (settings) => new Client(settings)),
    );
  });
}

/**
 * What a feature's module makes, loaded on first use through a dynamic import() of a literal specifier, which every
 * bundler follows (and a code-splitting one turns into a chunk): code that never uses the feature never loads it.
 */
class OnFirstUse<T> {
  /** The object, once loaded. */
  now: T | undefined;
  #loading: Promise<T> | undefined;
  readonly #load: () => Promise<T>;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  /** The object, loaded by the first call; a load that failed is tried again by the next one. */
  get(): Promise<T> {
    this.#loading ??= this.#load().then(
      (value) => (this.now = value),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }
}
