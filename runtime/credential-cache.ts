/**
 * A provider's keys as a client uses them: fetched on its first call, checked, cached, refreshed ahead of their
 * expiration (5 minutes, or half their lifetime when that is shorter), one fetch at a time however many calls wait
 * (single flight), never handed out once expired. In the refresh window calls keep the current keys while one refresh
 * runs in the background; a call the API refused as unauthenticated renews them once (`renew`).
 *
 * Loaded by the client on its first call when the `credentials` option is a provider (or keys that expire): code
 * with static keys never loads it. The option itself is checked when the client is made (credentials.ts).
 * @internal
 */
import { unwatch, watch } from './cancel.js';
import { describeValue } from './config-check.js';
import type { ClientConfig } from './config.js';
import {
  Credentials,
  keyProblems,
  type CredentialProvider,
  type CredentialsInput,
  type ProvidedCredentials,
  type ProviderClient,
  type ProviderContext,
} from './credentials.js';
import { abortError, ApiError, CredentialsError, type SCloudError } from './errors.js';
import { Scrubber } from './scrub.js';

/** Longest refresh margin: keys are refreshed this long before they expire (or at half their lifetime, if sooner). */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** After a background refresh failed, the next one waits this long (the current keys still work meanwhile). */
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * RetCodes that mean the keys themselves were refused (the API reference's common error codes): 171 signature
 * error (a secret the API no longer knows), 172 user does not exist (a temporary key id that expired), 174 token
 * does not exist (an expired or revoked security token). Permission errors (292-299) are not: new keys of the
 * same role would be refused the same way.
 */
const UNAUTHENTICATED_RETCODES: ReadonlySet<number> = new Set([171, 172, 174]);

/** Region, zone and project a provider reported, for a client without its own. */
export interface ProviderDefaults {
  readonly region: string | undefined;
  readonly zone: string | undefined;
  readonly projectId: string | undefined;
}

interface Current {
  readonly keys: Credentials;
  readonly refreshAt: number;
}

export class CredentialCache {
  /** Names the provider in errors and `client.settings`. */
  readonly source: string;
  readonly #provider: CredentialProvider;
  readonly #warn: (message: string) => void;
  readonly #context: ProviderContext | undefined;
  #current: Current | undefined;
  #defaults: ProviderDefaults | undefined;
  #inflight: Promise<Credentials> | undefined;
  #noRefreshBefore = 0;

  constructor(provider: CredentialProvider, source: string, warn: (message: string) => void = () => undefined, context?: ProviderContext) {
    this.#provider = provider;
    this.source = source;
    this.#warn = warn;
    this.#context = context;
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

  /** Whether a call failed because the API refused its keys, so renewed keys may succeed. */
  refused(error: SCloudError): error is ApiError {
    return error instanceof ApiError && UNAUTHENTICATED_RETCODES.has(error.retCode);
  }

  /**
   * `config` with the provider's region, zone and project where it has none (the same object when nothing is
   * filled). A zone only with its region: not when the config has another region.
   */
  withDefaults<C extends ProviderDefaults>(config: C): C {
    const d = this.#defaults;
    if (d === undefined) return config;
    const region = config.region ?? d.region;
    const zone = config.zone ?? (region === d.region ? d.zone : undefined);
    const projectId = config.projectId ?? d.projectId;
    if (region === config.region && zone === config.zone && projectId === config.projectId) return config;
    return { ...config, region, zone, projectId };
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
      value = await this.#provider(this.#context);
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
      throw new CredentialsError(
        `${this.source} returned credentials that expired at ${new Date(keys.expiresAt).toISOString()}; check the provider and this machine's clock`,
      );
    }
    const margin = Math.min(REFRESH_MARGIN_MS, (keys.expiresAt - now) / 2);
    this.#current = { keys, refreshAt: keys.expiresAt - margin };
    this.#defaults = defaults;
    return keys;
  }

  /** An error with the current keys (the ones being replaced; a provider's keys are secrets, their public key too) scrubbed out of it. */
  #scrubbed(error: unknown): unknown {
    const keys = this.#current?.keys;
    if (keys === undefined) return error;
    const token = keys.securityToken();
    return new Scrubber(token === undefined ? [keys.privateKey(), keys.publicKey] : [keys.privateKey(), token, keys.publicKey]).error(error);
  }
}

/** A provider's result as Credentials (temporary: its public key is a secret too); CredentialsError naming what is wrong, never a value. */
function checkProvided(source: string, v: unknown): { keys: Credentials; defaults: ProviderDefaults } {
  const problems =
    v === null || typeof v !== 'object' || Array.isArray(v)
      ? [`got ${v === undefined ? 'nothing' : describeValue(v)}, not an object`]
      : keyProblems(v as Record<string, unknown>);
  for (const name of ['region', 'zone', 'projectId'] as const) {
    const x = problems.length === 0 ? (v as Record<string, unknown>)[name] : undefined;
    if (x !== undefined && typeof x !== 'string') problems.push(`${name} is ${describeValue(x)}, not a string`);
  }
  if (problems.length > 0) {
    throw new CredentialsError(
      `${source} returned unusable credentials: ${problems.join('; ')}; it must resolve to { publicKey, privateKey, securityToken?, expiration? }`,
    );
  }
  const p = v as ProvidedCredentials;
  const keys = new Credentials(p.publicKey, p.privateKey, { securityToken: p.securityToken, expiration: p.expiration, temporary: true });
  const nonEmpty = (x: string | undefined): string | undefined => (x === '' ? undefined : x);
  return { keys, defaults: { region: nonEmpty(p.region), zone: nonEmpty(p.zone), projectId: nonEmpty(p.projectId) } };
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

/**
 * What a client offers its credentials provider: clients with its settings (transport, proxy, timeouts, retries,
 * logging, env: `options`) but other credentials and, if given, another base URL (`baseUrl`, its own, by default);
 * never its hooks. `make` makes a client.
 */
export function providerContext(options: ClientConfig, baseUrl: string, make: (config: ClientConfig) => ProviderClient): ProviderContext {
  const { publicKey: _p, privateKey: _k, securityToken: _t, hooks: _h, ...settings } = options;
  return { client: (credentials: CredentialsInput, url?: string) => make({ ...settings, credentials, baseUrl: url ?? baseUrl }) };
}
