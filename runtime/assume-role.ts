/**
 * `fromAssumeRole()`'s call, loaded on its first use: temporary keys of another role from the `sts` product's
 * AssumeRole (params `RoleUrn`, `RoleSessionName`, `DurationSeconds`, `Policy`; answer `Credentials: { AccessKeyId,
 * AccessKeySecret, SecurityToken, Expiration }`), called with the `source` credentials (keys, or another provider)
 * by a client the calling client makes. Refreshed like any provider by the client that uses it.
 */
import type { CredentialProvider, CredentialsInput, ProviderClient, ProviderContext, ProvidedCredentials } from './credential-types.js';
import type { CredentialsError } from './errors.js';

/** The error class to throw (passed in: this module imports nothing at run time; see credentials.ts). */
type Fail = typeof CredentialsError;

/** fromAssumeRole's options, checked (credentials.ts). */
export interface AssumeRoleCall {
  readonly roleUrn: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly source: CredentialsInput;
  readonly baseUrl: string | undefined;
}

/** Calls AssumeRole with the `source` credentials, through a client made by the calling client (its settings, these keys). */
export function assumeRole({ roleUrn, params, source, baseUrl }: AssumeRoleCall, Fail: Fail): CredentialProvider {
  let client: ProviderClient | undefined;
  return async (context?: ProviderContext) => {
    let res: Record<string, unknown>;
    try {
      if (context === undefined) throw new Error('no client called it: pass it to a client, new Client({ credentials: fromAssumeRole(...) })');
      client ??= context.client(source, baseUrl);
      // Assuming a role twice only makes two sets of keys: safe to retry.
      res = await client.call('AssumeRole', params, { idempotent: true });
    } catch (error) {
      throw new Fail(`AssumeRole of ${roleUrn} failed: ${(error as Error).message}`, { cause: error });
    }
    return parseCredentials(res.Credentials, `AssumeRole of ${roleUrn}`, Fail);
  };
}

/** AssumeRole's `Credentials`; what is wrong is named, no value is quoted. */
function parseCredentials(c: unknown, where: string, Fail: Fail): ProvidedCredentials {
  const d = (c !== null && typeof c === 'object' ? c : {}) as Record<string, unknown>;
  const names = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken'];
  const missing = names.filter((n) => typeof d[n] !== 'string' || d[n] === '');
  const expiration = parseExpiration(d.Expiration);
  if (expiration === undefined) missing.push('Expiration (a UTC time)');
  if (missing.length > 0) throw new Fail(`${where} answered without Credentials.${missing.join(', Credentials.')}`);
  return { publicKey: d.AccessKeyId as string, privateKey: d.AccessKeySecret as string, securityToken: d.SecurityToken as string, expiration };
}

/** A UTC time: ISO 8601 (a bare `YYYY-MM-DD hh:mm:ss` is UTC), or Unix seconds. */
function parseExpiration(v: unknown): Date | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? new Date(v * 1000) : undefined;
  if (typeof v !== 'string') return undefined;
  const text = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t) : undefined;
}
