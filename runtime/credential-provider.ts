/**
 * The `credentials` option: a key object, or a provider (an async function returning keys, maybe temporary).
 * Checks what a provider returns and turns it into Credentials; names what is missing, never a value.
 * The client caches and refreshes a provider's keys with credential-cache.ts.
 */
import { configError, describeValue } from './config-check.js';
import { Credentials } from './credentials.js';
import { CredentialsError } from './errors.js';

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

/** An async function returning keys; `source` names it in `client.settings` and errors. */
export interface CredentialProvider {
  (): Promise<ProvidedCredentials>;
  readonly source?: string | undefined;
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

/** Region, zone and project a provider reported, for a client without its own. */
export interface ProviderDefaults {
  readonly region: string | undefined;
  readonly zone: string | undefined;
  readonly projectId: string | undefined;
}

/** A checked provider result. */
export interface ProvidedKeys {
  readonly keys: Credentials;
  readonly defaults: ProviderDefaults;
}

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

/** A provider's result as Credentials (temporary: its public key is a secret too); CredentialsError naming what is wrong. */
export function checkProvided(source: string, v: unknown): ProvidedKeys {
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
  return { keys, defaults: { region: nonEmpty(p.region), zone: nonEmpty(p.zone), projectId: nonEmpty(p.projectId) } };
}

/**
 * `config` with the provider's region, zone and project where it has none (the same object when nothing is filled).
 * A zone only with its region: not when the config has another region.
 */
export function withProviderDefaults<C extends ProviderDefaults>(config: C, d: ProviderDefaults | undefined): C {
  if (d === undefined) return config;
  const region = config.region ?? d.region;
  const zone = config.zone ?? (region === d.region ? d.zone : undefined);
  const projectId = config.projectId ?? d.projectId;
  if (region === config.region && zone === config.zone && projectId === config.projectId) return config;
  return { ...config, region, zone, projectId };
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

function nonEmpty(s: string | undefined): string | undefined {
  return s === '' ? undefined : s;
}
