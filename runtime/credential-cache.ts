/**
 * A provider's keys as the client uses them: fetched on first use, cached, refreshed ahead of their expiration
 * (5 minutes, or half their lifetime when that is shorter), one fetch at a time however many calls wait (single
 * flight), and never handed out once expired. In the refresh window calls keep the current keys while one
 * refresh runs in the background; a call that the API rejects as unauthenticated renews them once (`renew`).
 */
import { watch, unwatch } from './cancel.js';
import { checkProvided, type CredentialProvider, type ProviderDefaults } from './credential-provider.js';
import type { Credentials } from './credentials.js';
import { ApiError, CredentialsError, type SCloudError } from './errors.js';
import { abortError } from './retry.js';
import { Scrubber } from './scrub.js';

/** Longest refresh margin: keys are refreshed this long before they expire (or at half their lifetime, if sooner). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** After a background refresh failed, the next one waits this long (the current keys still work meanwhile). */
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * RetCodes that mean the keys themselves were refused (the API reference's common error codes): 171 signature
 * error (a secret the API no longer knows), 172 user does not exist (a temporary key id that expired), 174 token
 * does not exist (an expired or revoked security token). Permission errors (292-299) are not: new keys of the
 * same role would be refused the same way.
 */
export const UNAUTHENTICATED_RETCODES: ReadonlySet<number> = new Set([171, 172, 174]);

/** Whether a call failed because the API refused its keys, so renewed keys may succeed. */
export function isUnauthenticated(error: SCloudError): error is ApiError {
  return error instanceof ApiError && UNAUTHENTICATED_RETCODES.has(error.retCode);
}

interface Current {
  readonly keys: Credentials;
  readonly refreshAt: number;
}

export class CredentialCache {
  /** Names the provider in errors and `client.settings`. */
  readonly source: string;
  /** Region, zone and project from the last fetch. */
  defaults: ProviderDefaults | undefined;
  readonly #provider: CredentialProvider;
  readonly #warn: (message: string) => void;
  #current: Current | undefined;
  #inflight: Promise<Credentials> | undefined;
  #noRefreshBefore = 0;

  constructor(provider: CredentialProvider, source: string, warn: (message: string) => void = () => undefined) {
    this.#provider = provider;
    this.source = source;
    this.#warn = warn;
  }

  /** The cached keys while they are valid (starting a background refresh in their refresh window); else undefined. */
  fresh(): Credentials | undefined {
    const c = this.#current;
    if (c === undefined) return undefined;
    const now = Date.now();
    if (now < c.refreshAt) return c.keys;
    if (c.keys.expired(now)) return undefined;
    if (this.#inflight === undefined && now >= this.#noRefreshBefore) {
      this.#fetch().catch((error: unknown) => {
        this.#noRefreshBefore = Date.now() + RETRY_AFTER_FAILURE_MS;
        this.#warn(`refreshing credentials failed; the current ones stay in use until they expire: ${(error as Error).message}`);
      });
    }
    return c.keys;
  }

  /** Valid keys: the cached ones, else the result of the one fetch in flight (started if none is). */
  get(signal?: AbortSignal, action = 'credentials'): Promise<Credentials> {
    const keys = this.fresh();
    return keys === undefined ? untilAborted(this.#fetch(), signal, action) : Promise.resolve(keys);
  }

  /** New keys after the API refused `stale`: one fetch for every call that saw them (calls that come later get its result). */
  renew(stale: Credentials, signal?: AbortSignal, action = 'credentials'): Promise<Credentials> {
    const c = this.#current;
    if (c !== undefined && c.keys !== stale && !c.keys.expired()) return Promise.resolve(c.keys);
    return untilAborted(this.#fetch(), signal, action);
  }

  #fetch(): Promise<Credentials> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #load(): Promise<Credentials> {
    let value: unknown;
    try {
      value = await this.#provider();
    } catch (error) {
      // Our providers throw CredentialsError; anything else is the provider's own failure, kept as the cause.
      const scrubbed = this.#scrubbed(error);
      if (scrubbed instanceof CredentialsError) throw scrubbed;
      const message = scrubbed instanceof Error ? scrubbed.message : String(scrubbed);
      if (error instanceof CredentialsError) throw new CredentialsError(message, { cause: (scrubbed as Error).cause });
      throw new CredentialsError(`${this.source} failed: ${message}`, { cause: scrubbed });
    }
    const { keys, defaults } = checkProvided(this.source, value);
    const now = Date.now();
    if (keys.expired(now)) {
      throw new CredentialsError(`${this.source} returned credentials that expired at ${new Date(keys.expiresAt).toISOString()}; check the provider and this machine's clock`);
    }
    const margin = Math.min(REFRESH_MARGIN_MS, (keys.expiresAt - now) / 2);
    this.#current = { keys, refreshAt: keys.expiresAt - margin };
    this.defaults = defaults;
    return keys;
  }

  /** An error with the current keys (the ones being replaced) scrubbed out of it. */
  #scrubbed(error: unknown): unknown {
    const keys = this.#current?.keys;
    return keys === undefined ? error : new Scrubber(keys.secrets()).error(error);
  }
}

/** `promise`, or an AbortError as soon as `signal` fires (the fetch goes on for the other calls waiting on it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, action: string): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortError(action, signal));
  return new Promise<T>((resolve, reject) => {
    const waiter = { cancel: (): void => reject(abortError(action, signal)) };
    watch(signal, waiter);
    promise.then(resolve, reject).finally(() => unwatch(signal, waiter));
  });
}
