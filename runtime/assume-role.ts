/**
 * `fromAssumeRole()`: temporary keys of another role, from the `sts` product's AssumeRole (params `RoleUrn`,
 * `RoleSessionName`, `DurationSeconds`, `Policy`; answer `Credentials: { AccessKeyId, AccessKeySecret,
 * SecurityToken, Expiration }`), called with the `source` credentials (keys, or another provider) by a client
 * of its own. Refreshed like any provider by the client that uses it.
 */
import { Client } from './client.js';
import { configError, describeValue, optionalString } from './config-check.js';
import { resolveCredentialsInput, type CredentialProvider, type CredentialsInput, type ProvidedCredentials } from './credential-provider.js';
import { CredentialsError } from './errors.js';

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
  /** Endpoint of the AssumeRole call; default as a client's (env SCLOUD_BASE_URL, profile, https://api.scloudsg.com). */
  readonly baseUrl?: string | undefined;
}

/** A credentials provider that assumes `roleUrn` with the `source` credentials. */
export function fromAssumeRole(options: AssumeRoleOptions): CredentialProvider {
  const params = checkOptions(options);
  let client: Client | undefined;
  const provider = async (): Promise<ProvidedCredentials> => {
    let res: Record<string, unknown>;
    try {
      client ??= new Client({ credentials: options.source, baseUrl: options.baseUrl });
      // Assuming a role twice only makes two sets of keys: safe to retry.
      res = await client.call('AssumeRole', params, { idempotent: true });
    } catch (error) {
      throw new CredentialsError(`AssumeRole of ${options.roleUrn} failed: ${(error as Error).message}`, { cause: error });
    }
    return parseCredentials(res.Credentials, `AssumeRole of ${options.roleUrn}`);
  };
  return Object.assign(provider, { source: `AssumeRole ${options.roleUrn}` });
}

function checkOptions(o: AssumeRoleOptions): Record<string, string | number> {
  if (o === null || typeof o !== 'object') throw configError('fromAssumeRole options', `must be an object, got ${describeValue(o)}`, 'pass { roleUrn, roleSessionName, source, ... }');
  const out: Record<string, string | number> = {};
  for (const [name, wire] of [['roleUrn', 'RoleUrn'], ['roleSessionName', 'RoleSessionName']] as const) {
    const v = optionalString(`fromAssumeRole option \`${name}\``, o[name]);
    if (v === undefined) throw configError(`fromAssumeRole option \`${name}\``, 'is missing', `pass the ${name === 'roleUrn' ? 'URN of the role to assume' : 'name of the session'}`);
    out[wire] = v;
  }
  const d = o.durationSeconds;
  if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw configError('fromAssumeRole option `durationSeconds`', `must be a whole number of seconds, got ${describeValue(d)}`, 'pass one or leave it unset');
  }
  if (d !== undefined) out.DurationSeconds = d;
  const policy = optionalString('fromAssumeRole option `policy`', o.policy);
  if (policy !== undefined) out.Policy = policy;
  optionalString('fromAssumeRole option `baseUrl`', o.baseUrl);
  if (o.source === undefined) throw configError('fromAssumeRole option `source`', 'is missing', 'pass the credentials that may assume the role: { publicKey, privateKey } or a provider');
  resolveCredentialsInput('fromAssumeRole option `source`', o.source);
  return out;
}

/** AssumeRole's `Credentials`; what is wrong is named, no value is quoted. */
function parseCredentials(c: unknown, where: string): ProvidedCredentials {
  const d = (c !== null && typeof c === 'object' ? c : {}) as Record<string, unknown>;
  const names = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken'];
  const missing = names.filter((n) => typeof d[n] !== 'string' || d[n] === '');
  const expiration = parseExpiration(d.Expiration);
  if (expiration === undefined) missing.push('Expiration (a UTC time)');
  if (missing.length > 0) throw new CredentialsError(`${where} answered without Credentials.${missing.join(', Credentials.')}`);
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
