/**
 * Credentials, in three parts: one set of API keys (the key pair, and for temporary keys the security token and
 * expiration); the `credentials` option (keys, or a provider: an async function returning them), checked when the
 * client is made; the providers this SDK ships, `fromInstanceMetadata` and `fromAssumeRole`, their options checked
 * here at once. One module, not three: every module the client imports costs at import time (BENCHMARKS.md).
 * What only a provider needs loads on first use: the cache that refreshes its keys (credential-cache.ts, loaded by
 * the client on its first call) and the providers' protocols (instance-metadata.ts, assume-role.ts, loaded on their
 * first call; they import nothing at run time, what they need is passed in). The profile files: profile.ts.
 *
 * Secrets live in private fields: not enumerable, not in JSON, not in `util.inspect`. Temporary keys (with a
 * token, or from a provider) are secrets as a whole, their public key included.
 */
import { checkHttpUrl, configError, describeValue, optionalString } from './config-check.js';
import { CredentialsError } from './errors.js';
import type { CredentialProvider, CredentialsInput, InstanceRole, KeyCredentials, ProvidedCredentials, ProviderContext } from './credential-types.js';
import { REDACTED } from './redact.js';

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
  /** Only the signer (and the scrubber of errors) should call this. */
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

export type { CredentialProvider, CredentialsInput, KeyCredentials, ProvidedCredentials, ProviderClient, ProviderContext } from './credential-types.js';

/** The `credentials` option resolved: static keys, or a provider (keys that expire are served as one). */
export type ResolvedCredentials =
  { readonly keys: Credentials; readonly provider?: undefined } | { readonly keys?: undefined; readonly provider: CredentialProvider };

/** Checks the `credentials` option (or `fromAssumeRole`'s `source`); ConfigError naming `origin` when unusable. */
export function resolveCredentialsInput(origin: string, v: unknown): ResolvedCredentials {
  if (typeof v === 'function') return { provider: v as CredentialProvider };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw configError(
      origin,
      `must be { publicKey, privateKey, securityToken? } or an async function returning them, got ${describeValue(v)}`,
      'pass one of those or leave it unset',
    );
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
export function keyProblems(k: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of ['publicKey', 'privateKey'] as const) {
    const x = k[name];
    if (typeof x !== 'string' || x === '') problems.push(`${name} is ${x === undefined ? 'missing' : describeValue(x)}, not a non-empty string`);
  }
  const token = k.securityToken;
  if (token !== undefined && typeof token !== 'string') problems.push(`securityToken is ${describeValue(token)}, not a string`);
  const exp = k.expiration;
  if (exp !== undefined && !(exp instanceof Date && Number.isFinite(exp.getTime())))
    problems.push(`expiration is ${exp instanceof Date ? 'an invalid Date' : describeValue(exp)}, not a Date`);
  return problems;
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

/** A credentials provider for the role of the UHost this runs on (or another of its roles, `roleName`): instance-metadata.ts. */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  if (options === null || typeof options !== 'object')
    throw configError('fromInstanceMetadata options', `must be an object, got ${describeValue(options)}`, 'pass { roleName?, endpoint?, timeoutMs? }');
  const { roleName, timeoutMs } = options;
  if (roleName !== undefined && (typeof roleName !== 'string' || roleName === '' || roleName.includes('/'))) {
    throw configError(
      'fromInstanceMetadata option `roleName`',
      `must be a role name without "/", got ${describeValue(roleName)}`,
      'pass the role name or leave it unset',
    );
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000)) {
    throw configError(
      'fromInstanceMetadata option `timeoutMs`',
      `must be a number of milliseconds from 1 to 60000, got ${describeValue(timeoutMs)}`,
      'pass a value in that range or leave it unset (default 1000)',
    );
  }
  const env = optionalString('env SCLOUD_METADATA_ENDPOINT', typeof process === 'object' ? process.env?.SCLOUD_METADATA_ENDPOINT : undefined);
  const origin = options.endpoint !== undefined ? 'fromInstanceMetadata option `endpoint`' : env !== undefined ? 'env SCLOUD_METADATA_ENDPOINT' : undefined;
  const endpoint = origin === undefined ? DEFAULT_METADATA_ENDPOINT : checkHttpUrl(origin, options.endpoint ?? env).replace(/\/+$/, '');
  const role: InstanceRole = { endpoint, roleName, timeoutMs: timeoutMs ?? 1_000 };
  let read: Promise<CredentialProvider> | undefined;
  const provider = async (): Promise<ProvidedCredentials> =>
    (await (read ??= import('./instance-metadata.js').then((m) => m.instanceRole(role, CredentialsError))))();
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
  if (options === null || typeof options !== 'object')
    throw configError('fromAssumeRole options', `must be an object, got ${describeValue(options)}`, 'pass { roleUrn, roleSessionName, source, ... }');
  const params: Record<string, string | number> = {};
  for (const [name, wire] of [
    ['roleUrn', 'RoleUrn'],
    ['roleSessionName', 'RoleSessionName'],
  ] as const) {
    const v = optionalString(`fromAssumeRole option \`${name}\``, options[name]);
    if (v === undefined)
      throw configError(
        `fromAssumeRole option \`${name}\``,
        'is missing',
        `pass the ${name === 'roleUrn' ? 'URN of the role to assume' : 'name of the session'}`,
      );
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
  if (options.source === undefined)
    throw configError('fromAssumeRole option `source`', 'is missing', 'pass the credentials that may assume the role: { publicKey, privateKey } or a provider');
  resolveCredentialsInput('fromAssumeRole option `source`', options.source);
  const call = { roleUrn: params.RoleUrn as string, params, source: options.source, baseUrl };
  let read: Promise<CredentialProvider> | undefined;
  const provider = async (context?: ProviderContext): Promise<ProvidedCredentials> =>
    (await (read ??= import('./assume-role.js').then((m) => m.assumeRole(call, CredentialsError))))(context);
  return Object.assign(provider, { source: `AssumeRole ${call.roleUrn}` });
}
