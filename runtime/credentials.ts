/**
 * Credentials, in four parts: one set of API keys (the key pair, and for temporary keys the security token and
 * expiration); the `credentials` option (keys, or a provider: an async function returning them); a provider's keys
 * as a client caches and refreshes them (CredentialCache); the providers this SDK ships, `fromInstanceMetadata` and
 * `fromAssumeRole`, their options checked here at once. One module, not four: every module the client imports costs
 * at import time (about 1 ms each; BENCHMARKS.md). The providers' protocols (instance-metadata.ts, assume-role.ts)
 * load on their first call and import nothing at run time (what they need is passed in), so a bundler leaves them
 * out of code that does not use them and wraps nothing else. The profile files: profile.ts.
 *
 * Secrets live in private fields: not enumerable, not in JSON, not in `util.inspect`. Temporary keys (with a
 * token, or from a provider) are secrets as a whole, their public key included.
 */
import { watch, unwatch } from './cancel.js';
import { checkHttpUrl, configError, describeValue, optionalString } from './config-check.js';
import { ApiError, CredentialsError, type SCloudError } from './errors.js';
import { REDACTED } from './redact.js';
import { abortError } from './retry.js';
import { Scrubber } from './scrub.js';

export interface CredentialsOptions {
  /** Sent as `SecurityToken` (signed like any other param). */
  readonly securityToken?: string | undefined;
  /** When the keys stop working; a client never signs with them after it. */
  readonly expiration?: Date | undefined;
  /** The public key is a secret too (temporary keys); implied by a security token. */
  readonly temporary?: boolean | undefined;
}

export class Credentials {
  readonly #publicKey: string;
  readonly #privateKey: string;
  readonly #securityToken: string | undefined;
  /** Expiration in ms since the epoch; Infinity when the keys do not expire. */
  readonly expiresAt: number;
  /** Temporary keys: every one of them (the public key too) is a secret. */
  readonly temporary: boolean;

  constructor(publicKey: string, privateKey: string, options: CredentialsOptions = {}) {
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
    this.#securityToken = options.securityToken === '' ? undefined : options.securityToken;
    this.expiresAt = options.expiration?.getTime() ?? Infinity;
    this.temporary = options.temporary === true || this.#securityToken !== undefined;
  }

  get publicKey(): string {
    return this.#publicKey;
  }
  /** Only the signer should call this. */
  privateKey(): string {
    return this.#privateKey;
  }
  /** Only the signer should call this. */
  securityToken(): string | undefined {
    return this.#securityToken;
  }
  /** True from the expiration on. */
  expired(now = Date.now()): boolean {
    return now >= this.expiresAt;
  }
  /** Every value to scrub from what is shown: the private key, the token, the public key of temporary keys. */
  secrets(): string[] {
    const out = [this.#privateKey];
    if (this.#securityToken !== undefined) out.push(this.#securityToken);
    if (this.temporary) out.push(this.#publicKey);
    return out;
  }
  toJSON(): object {
    const expiration = Number.isFinite(this.expiresAt) ? { expiration: new Date(this.expiresAt).toISOString() } : {};
    const token = this.#securityToken === undefined ? {} : { securityToken: REDACTED };
    return { publicKey: this.temporary ? REDACTED : this.#publicKey, privateKey: REDACTED, ...token, ...expiration };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const fields = Object.entries(this.toJSON()).map(([k, v]) => `${k}: ${v === REDACTED ? v : `'${String(v)}'`}`);
    return `Credentials { ${fields.join(', ')} }`;
  }
}

/** What a credentials provider returns. */
export interface ProvidedCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
  /** Sent as `SecurityToken` with temporary keys. */
  readonly securityToken?: string | undefined;
  /** When the keys stop working; the client refreshes ahead of it. None: they never expire. */
  readonly expiration?: Date | undefined;
  /** Defaults for a client that has none of its own (the instance metadata reports them). */
  readonly region?: string | undefined;
  readonly zone?: string | undefined;
  readonly projectId?: string | undefined;
}

/**
 * An async function returning keys; `source` names it in `client.settings` and errors. The client that calls it
 * passes a context: a provider that calls the API itself (fromAssumeRole) makes its client there.
 */
export interface CredentialProvider {
  (context?: ProviderContext): Promise<ProvidedCredentials>;
  readonly source?: string | undefined;
}

/** What the calling client offers a provider. */
export interface ProviderContext {
  /** A client with the caller's settings (transport, proxy, timeouts, retries, logging, env) but these credentials, and `baseUrl` if given. */
  client(credentials: CredentialsInput, baseUrl?: string): ProviderClient;
}

/** The part of a Client a provider uses. */
export interface ProviderClient {
  call(action: string, params?: object, options?: { idempotent?: boolean }): Promise<Record<string, unknown>>;
}

/** A key set given as is. */
export interface KeyCredentials {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly securityToken?: string | undefined;
  /** Keys that expire are served like a provider's: after this date calls fail with CredentialsError. */
  readonly expiration?: Date | undefined;
}

/** The `credentials` option (and `fromAssumeRole`'s `source`). */
export type CredentialsInput = KeyCredentials | CredentialProvider;

/** The `credentials` option resolved: static keys, or a provider (keys that expire are served as one). */
export type ResolvedCredentials = { readonly keys: Credentials; readonly provider?: undefined } | { readonly keys?: undefined; readonly provider: CredentialProvider };

/** Checks the `credentials` option (or `fromAssumeRole`'s `source`); ConfigError naming `origin` when unusable. */
export function resolveCredentialsInput(origin: string, v: unknown): ResolvedCredentials {
  if (typeof v === 'function') return { provider: v as CredentialProvider };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw configError(origin, `must be { publicKey, privateKey, securityToken? } or an async function returning them, got ${describeValue(v)}`, 'pass one of those or leave it unset');
  }
  const problems = keyProblems(v as Record<string, unknown>);
  if (problems.length > 0) throw configError(origin, `is not usable: ${problems.join('; ')}`, 'pass { publicKey, privateKey, securityToken?, expiration? }');
  const k = v as KeyCredentials;
  if (k.expiration !== undefined) {
    const fixed = { ...k };
    return { provider: Object.assign(async () => fixed, { source: `${origin} (keys that expire)` }) };
  }
  return { keys: new Credentials(k.publicKey, k.privateKey, { securityToken: k.securityToken }) };
}

/** What is wrong with a key object: missing or mistyped fields, by name and type only. */
function keyProblems(k: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of ['publicKey', 'privateKey'] as const) {
    const x = k[name];
    if (typeof x !== 'string' || x === '') problems.push(`${name} is ${x === undefined ? 'missing' : describeValue(x)}, not a non-empty string`);
  }
  const token = k.securityToken;
  if (token !== undefined && typeof token !== 'string') problems.push(`securityToken is ${describeValue(token)}, not a string`);
  const exp = k.expiration;
  if (exp !== undefined && !(exp instanceof Date && Number.isFinite(exp.getTime()))) problems.push(`expiration is ${exp instanceof Date ? 'an invalid Date' : describeValue(exp)}, not a Date`);
  return problems;
}

// A provider's keys as a client uses them: fetched on its first call, checked, cached, refreshed ahead of their
// expiration (5 minutes, or half their lifetime when that is shorter), one fetch at a time however many calls wait
// (single flight), never handed out once expired. In the refresh window calls keep the current keys while one refresh
// runs in the background; a call the API refused as unauthenticated renews them once (`renew`).

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
      throw new CredentialsError(`${this.source} returned credentials that expired at ${new Date(keys.expiresAt).toISOString()}; check the provider and this machine's clock`);
    }
    const margin = Math.min(REFRESH_MARGIN_MS, (keys.expiresAt - now) / 2);
    this.#current = { keys, refreshAt: keys.expiresAt - margin };
    this.#defaults = defaults;
    return keys;
  }

  /** An error with the current keys (the ones being replaced) scrubbed out of it. */
  #scrubbed(error: unknown): unknown {
    const keys = this.#current?.keys;
    return keys === undefined ? error : new Scrubber(keys.secrets()).error(error);
  }
}

/** A provider's result as Credentials (temporary: its public key is a secret too); CredentialsError naming what is wrong, never a value. */
function checkProvided(source: string, v: unknown): { keys: Credentials; defaults: ProviderDefaults } {
  const problems = v === null || typeof v !== 'object' || Array.isArray(v) ? [`got ${v === undefined ? 'nothing' : describeValue(v)}, not an object`] : keyProblems(v as Record<string, unknown>);
  for (const name of ['region', 'zone', 'projectId'] as const) {
    const x = problems.length === 0 ? (v as Record<string, unknown>)[name] : undefined;
    if (x !== undefined && typeof x !== 'string') problems.push(`${name} is ${describeValue(x)}, not a string`);
  }
  if (problems.length > 0) {
    throw new CredentialsError(`${source} returned unusable credentials: ${problems.join('; ')}; it must resolve to { publicKey, privateKey, securityToken?, expiration? }`);
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

/** The provider's instance metadata server. */
export const DEFAULT_METADATA_ENDPOINT = 'http://100.80.80.80';

export interface InstanceMetadataOptions {
  /** The role to assume; default: the role attached to the instance. */
  readonly roleName?: string | undefined;
  /** Default env SCLOUD_METADATA_ENDPOINT, else http://100.80.80.80. */
  readonly endpoint?: string | undefined;
  /** Per request, 1 to 60 000 ms; default 1 000. */
  readonly timeoutMs?: number | undefined;
}

/** fromInstanceMetadata's options, checked (for instance-metadata.ts). */
export interface InstanceRole {
  readonly endpoint: string;
  readonly roleName: string | undefined;
  readonly timeoutMs: number;
}

/** A credentials provider for the role of the UHost this runs on (or another of its roles, `roleName`): instance-metadata.ts. */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  if (options === null || typeof options !== 'object') throw configError('fromInstanceMetadata options', `must be an object, got ${describeValue(options)}`, 'pass { roleName?, endpoint?, timeoutMs? }');
  const { roleName, timeoutMs } = options;
  if (roleName !== undefined && (typeof roleName !== 'string' || roleName === '' || roleName.includes('/'))) {
    throw configError('fromInstanceMetadata option `roleName`', `must be a role name without "/", got ${describeValue(roleName)}`, 'pass the role name or leave it unset');
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000)) {
    throw configError('fromInstanceMetadata option `timeoutMs`', `must be a number of milliseconds from 1 to 60000, got ${describeValue(timeoutMs)}`, 'pass a value in that range or leave it unset (default 1000)');
  }
  const env = optionalString('env SCLOUD_METADATA_ENDPOINT', typeof process === 'object' ? process.env?.SCLOUD_METADATA_ENDPOINT : undefined);
  const origin = options.endpoint !== undefined ? 'fromInstanceMetadata option `endpoint`' : env !== undefined ? 'env SCLOUD_METADATA_ENDPOINT' : undefined;
  const endpoint = origin === undefined ? DEFAULT_METADATA_ENDPOINT : checkHttpUrl(origin, options.endpoint ?? env).replace(/\/+$/, '');
  const role: InstanceRole = { endpoint, roleName, timeoutMs: timeoutMs ?? 1_000 };
  let read: Promise<CredentialProvider> | undefined;
  const provider = async (): Promise<ProvidedCredentials> => (await (read ??= import('./instance-metadata.js').then((m) => m.instanceRole(role, CredentialsError))))();
  return Object.assign(provider, { source: `instance metadata at ${endpoint}, ${roleName === undefined ? 'the instance role' : `role "${roleName}"`}` });
}

export interface AssumeRoleOptions {
  /** The role to assume, e.g. `ucs:iam::60036:role/deployer`. */
  readonly roleUrn: string;
  /** Names the session (audit logs). */
  readonly roleSessionName: string;
  /** Lifetime of the keys in seconds (the API's default when unset). */
  readonly durationSeconds?: number | undefined;
  /** A policy (JSON text) that narrows the role's permissions further. */
  readonly policy?: string | undefined;
  /** The credentials that call AssumeRole: `{ publicKey, privateKey, securityToken? }` or another provider. */
  readonly source: CredentialsInput;
  /** Endpoint of the AssumeRole call; default: the calling client's. */
  readonly baseUrl?: string | undefined;
}

/** A credentials provider that assumes `roleUrn` with the `source` credentials (sts AssumeRole): assume-role.ts. */
export function fromAssumeRole(options: AssumeRoleOptions): CredentialProvider {
  if (options === null || typeof options !== 'object') throw configError('fromAssumeRole options', `must be an object, got ${describeValue(options)}`, 'pass { roleUrn, roleSessionName, source, ... }');
  const params: Record<string, string | number> = {};
  for (const [name, wire] of [['roleUrn', 'RoleUrn'], ['roleSessionName', 'RoleSessionName']] as const) {
    const v = optionalString(`fromAssumeRole option \`${name}\``, options[name]);
    if (v === undefined) throw configError(`fromAssumeRole option \`${name}\``, 'is missing', `pass the ${name === 'roleUrn' ? 'URN of the role to assume' : 'name of the session'}`);
    params[wire] = v;
  }
  const d = options.durationSeconds;
  if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw configError('fromAssumeRole option `durationSeconds`', `must be a whole number of seconds, got ${describeValue(d)}`, 'pass one or leave it unset');
  }
  if (d !== undefined) params.DurationSeconds = d;
  const policy = optionalString('fromAssumeRole option `policy`', options.policy);
  if (policy !== undefined) params.Policy = policy;
  const baseUrl = optionalString('fromAssumeRole option `baseUrl`', options.baseUrl);
  if (options.source === undefined) throw configError('fromAssumeRole option `source`', 'is missing', 'pass the credentials that may assume the role: { publicKey, privateKey } or a provider');
  resolveCredentialsInput('fromAssumeRole option `source`', options.source);
  const call = { roleUrn: params.RoleUrn as string, params, source: options.source, baseUrl };
  let read: Promise<CredentialProvider> | undefined;
  const provider = async (context?: ProviderContext): Promise<ProvidedCredentials> => (await (read ??= import('./assume-role.js').then((m) => m.assumeRole(call, CredentialsError))))(context);
  return Object.assign(provider, { source: `AssumeRole ${call.roleUrn}` });
}
