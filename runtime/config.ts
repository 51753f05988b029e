/**
 * Client options and their resolution. Precedence, per value: explicit options, then environment variables
 * (`SCLOUD_*`, then the provider's `UCLOUD_*`), then the `~/.ucloud` profile files (option `profile`).
 * Keys are taken as a pair from the first source that has either of them; a zone only from the source that
 * gave the region (or a higher one), so a profile's zone is never paired with another source's region.
 */
import { homedir } from 'node:os';
import { Credentials, profilePaths, readProfile, type ProfileValues } from './credentials.js';
import { ConfigError } from './errors.js';
import type { Hooks } from './hooks.js';
import type { Logger } from './logger.js';
import type { FetchLike, Transport } from './transport/types.js';

export const DEFAULT_BASE_URL = 'https://api.scloudsg.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;

/** Backoff tuning; the defaults suit the real API, tests use small values. */
export interface BackoffOptions {
  /** First retry waits up to this long (full jitter); doubles per attempt. Default 500 ms. */
  readonly baseMs?: number | undefined;
  /** Upper bound of one backoff sleep. Default 8 000 ms. */
  readonly capMs?: number | undefined;
  /** Upper bound for a server's Retry-After. Default 30 000 ms. */
  readonly retryAfterCapMs?: number | undefined;
}

export interface ClientConfig {
  readonly publicKey?: string | undefined;
  readonly privateKey?: string | undefined;
  /** Filled into requests that do not set Region. */
  readonly region?: string | undefined;
  /** Filled into requests of actions that take a Zone and do not set it. */
  readonly zone?: string | undefined;
  /** Filled into requests that do not set ProjectId. */
  readonly projectId?: string | undefined;
  /** Default `https://api.scloudsg.com`. */
  readonly baseUrl?: string | undefined;
  /** Milliseconds per attempt (not per call). Default 30 000. */
  readonly timeout?: number | undefined;
  /** Retries after the first attempt; 0 means exactly one attempt. Default 3. */
  readonly maxRetries?: number | undefined;
  readonly backoff?: BackoffOptions | undefined;
  /** Appended to the User-Agent header. */
  readonly userAgent?: string | undefined;
  /** A fetch implementation; implies the fetch transport. */
  readonly fetch?: FetchLike | undefined;
  /** `'undici'` (default), `'http'` (node:http keep-alive agent), `'fetch'`, or your own Transport. */
  readonly transport?: 'undici' | 'http' | 'fetch' | Transport | undefined;
  /** Receives redacted log lines; silent when absent. */
  readonly logger?: Logger | undefined;
  readonly hooks?: Hooks | undefined;
  /** Profile name in ~/.ucloud files; default: env SCLOUD_PROFILE/UCLOUD_PROFILE, the active profile, `default`. */
  readonly profile?: string | undefined;
  /** For tests: environment used instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** For tests: home directory used instead of os.homedir(). */
  readonly home?: string | undefined;
}

export interface ResolvedConfig {
  readonly credentials: Credentials;
  readonly region: string | undefined;
  readonly zone: string | undefined;
  readonly projectId: string | undefined;
  readonly baseUrl: string;
  readonly timeout: number;
  readonly maxRetries: number;
  /** Where the keys came from, e.g. `options`, `env SCLOUD_*`, `profile default (~/.ucloud)`. */
  readonly credentialSource: string;
}

type Field = 'publicKey' | 'privateKey' | 'region' | 'zone' | 'projectId' | 'baseUrl' | 'timeoutMs';
interface Source { readonly name: string; readonly values: Partial<Record<Field, string | number | undefined>> }

function envSource(env: ClientConfig['env'], prefix: 'SCLOUD' | 'UCLOUD'): Source {
  const get = (name: string): string | undefined => {
    const v = env?.[`${prefix}_${name}`];
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    name: `env ${prefix}_*`,
    values: {
      publicKey: get('PUBLIC_KEY'), privateKey: get('PRIVATE_KEY'), region: get('REGION'), zone: get('ZONE'),
      projectId: get('PROJECT_ID'), baseUrl: get('BASE_URL') ?? get('API_BASE_URL'),
    },
  };
}

/** Resolves options, env and profile files into one config; throws ConfigError when no keys are found. */
export function resolveConfig(config: ClientConfig = {}): ResolvedConfig {
  const env = config.env ?? process.env;
  const sources: Source[] = [
    { name: 'options', values: { ...config, timeoutMs: config.timeout } },
    envSource(env, 'SCLOUD'),
    envSource(env, 'UCLOUD'),
  ];
  const home = config.home ?? env.HOME ?? homedir();
  const profile = config.profile ?? env.SCLOUD_PROFILE ?? env.UCLOUD_PROFILE;
  const paths = profilePaths(home);
  const needsFile = (['publicKey', 'privateKey', 'region', 'projectId', 'baseUrl'] as const).some((f) => pick(sources, f) === undefined);
  if (needsFile || profile !== undefined) {
    const found = readProfile(home, profile);
    if (found !== undefined) sources.push({ name: `profile ${found.name} (${paths.credential})`, values: found.values as ProfileValues });
  }
  const { credentials, source } = pickCredentials(sources, paths.credential);
  const timeout = (pick(sources, 'timeoutMs') as number | undefined) ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  checkNumber('timeout', timeout, 1);
  checkNumber('maxRetries', maxRetries, 0);
  return {
    credentials,
    credentialSource: source,
    region: pick(sources, 'region') as string | undefined,
    zone: pickZone(sources),
    projectId: pick(sources, 'projectId') as string | undefined,
    baseUrl: checkUrl((pick(sources, 'baseUrl') as string | undefined) ?? DEFAULT_BASE_URL),
    timeout,
    maxRetries,
  };
}

function pick(sources: readonly Source[], field: Field): string | number | undefined {
  for (const s of sources) {
    const v = s.values[field];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** A zone belongs to its region: take it only from the source that set the region, or one above it. */
function pickZone(sources: readonly Source[]): string | undefined {
  for (const s of sources) {
    if (typeof s.values.zone === 'string' && s.values.zone !== '') return s.values.zone;
    if (s.values.region !== undefined && s.values.region !== '') return undefined;
  }
  return undefined;
}

function pickCredentials(sources: readonly Source[], credentialFile: string): { credentials: Credentials; source: string } {
  for (const s of sources) {
    const { publicKey, privateKey } = s.values;
    if (publicKey === undefined && privateKey === undefined) continue;
    if (typeof publicKey !== 'string' || typeof privateKey !== 'string' || publicKey === '' || privateKey === '') {
      const missing = typeof publicKey === 'string' && publicKey !== '' ? 'privateKey' : 'publicKey';
      throw new ConfigError(`${s.name} sets only one of publicKey/privateKey (${missing} is missing); set both in the same place`);
    }
    return { credentials: new Credentials(publicKey, privateKey), source: s.name };
  }
  throw new ConfigError(
    'no SCloud credentials found; tried: options publicKey/privateKey, env SCLOUD_PUBLIC_KEY/SCLOUD_PRIVATE_KEY, ' +
      `env UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY, profile files ${credentialFile} and config.json. ` +
      'Pass them to new Client({ publicKey, privateKey }) or set the env vars.',
  );
}

function checkNumber(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw new ConfigError(`option ${name} must be a number >= ${min}, got ${String(value)}`);
}

function checkUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return url;
  } catch {
    // fall through
  }
  throw new ConfigError(`baseUrl must be an http(s) URL, got "${url}"`);
}
