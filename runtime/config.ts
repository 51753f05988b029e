/**
 * Client options and their resolution. Precedence, per value: explicit options, then environment variables
 * (`SCLOUD_*`, then the provider's `UCLOUD_*`), then the `~/.ucloud` profile files (option `profile`).
 * Keys are taken as a pair from the first source that has either of them; a zone only from the source that
 * gave the region (or a higher one), so a profile's zone is never paired with another source's region.
 * Every value is checked where it is read; an error names its source (option, env variable, or file, line and
 * key) and the fix.
 */
import {
  checkBackoff,
  checkFunction,
  checkHeaderText,
  checkHttpUrl,
  checkMethods,
  checkResponseValidation,
  checkRetries,
  checkTimeout,
  configError,
  describeValue,
  optionalString,
  type ResponseValidation,
} from './config-check.js';
import { Credentials, resolveCredentialsInput, type CredentialProvider, type CredentialsInput } from './credentials.js';
import { ConfigError } from './errors.js';
import type { Hooks } from './hooks.js';
import { resolveLogLevel, type Logger, type LogLevel } from './logger.js';
import { nodeBuiltin, processEnv } from './platform.js';
import { profilePaths, readProfile, type Profile, type ProfileRequest } from './profile.js';
import type { BackoffOptions, ResolvedBackoff } from './retry.js';
import type { TracingOption } from './tracing.js';
import { resolveProxy, type ProxySetting } from './transport/proxy.js';
import type { FetchLike, Transport } from './transport/types.js';

export type { BackoffOptions } from './retry.js';

export const DEFAULT_BASE_URL = 'https://api.scloudsg.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;

export interface ClientConfig {
  readonly publicKey?: string | undefined;
  readonly privateKey?: string | undefined;
  /** The security token of temporary keys, sent as `SecurityToken`; only with publicKey/privateKey from the same source. */
  readonly securityToken?: string | undefined;
  /**
   * Keys as `{ publicKey, privateKey, securityToken? }`, or an async function returning them (with `expiration`):
   * `fromInstanceMetadata()`, `fromAssumeRole(...)` or your own. Called on first use, cached, refreshed ahead of
   * expiration. Instead of publicKey/privateKey/securityToken.
   */
  readonly credentials?: CredentialsInput | undefined;
  /** Filled into requests that do not set Region. */
  readonly region?: string | undefined;
  /** Filled into requests of actions that take a Zone and do not set it. */
  readonly zone?: string | undefined;
  /** Filled into requests that do not set ProjectId. */
  readonly projectId?: string | undefined;
  /** Default `https://api.scloudsg.com`. */
  readonly baseUrl?: string | undefined;
  /** Milliseconds per attempt (not per call), 1 to 3 600 000. Default 30 000 (or the profile's timeout_sec). */
  readonly timeout?: number | undefined;
  /** Retries after the first attempt, 0 to 100; 0 means exactly one attempt. Default 3 (or the profile's max_retry_times). */
  readonly maxRetries?: number | undefined;
  readonly backoff?: BackoffOptions | undefined;
  /** Appended to the User-Agent header. */
  readonly userAgent?: string | undefined;
  /** A fetch implementation; implies the fetch transport. */
  readonly fetch?: FetchLike | undefined;
  /** `'undici'`, `'http'` (node:http keep-alive agent), `'fetch'`, or your own Transport. Default: undici where it works, else fetch. */
  readonly transport?: 'undici' | 'http' | 'fetch' | Transport | undefined;
  /** HTTP(S) proxy URL for the undici transport, or `false` to ignore HTTPS_PROXY/HTTP_PROXY. Default: from the env (NO_PROXY honoured). */
  readonly proxy?: string | false | undefined;
  /** Receives the log lines (redacted); without it they go to stderr when a level is set. */
  readonly logger?: Logger | undefined;
  /** `debug`, `info`, `warn`, `error` or `silent`; beats env SCLOUD_LOG. Default: `info` with a logger, else silent. */
  readonly logLevel?: LogLevel | undefined;
  readonly hooks?: Hooks | undefined;
  /** Check responses against the documented shape: `off` (default), `warn` or `throw`; beats env SCLOUD_VALIDATE_RESPONSES. */
  readonly validateResponses?: ResponseValidation | undefined;
  /**
   * OpenTelemetry spans, one per call, when `@opentelemetry/api` is installed and a tracer provider registered.
   * `false` turns them off; `{ api }` passes the API module where it cannot be imported by name (a bundle, a Worker).
   */
  readonly tracing?: TracingOption | undefined;
  /** Profile name in ~/.ucloud files; default: env SCLOUD_PROFILE/UCLOUD_PROFILE, the active profile, `default`. */
  readonly profile?: string | undefined;
  /** For tests: environment used instead of process.env. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** For tests: home directory used instead of os.homedir(). */
  readonly home?: string | undefined;
}

export interface ResolvedConfig {
  /** Static keys (options, env, profile files); undefined when `credentialProvider` gives them. */
  readonly credentials: Credentials | undefined;
  /** The `credentials` option's provider; the client calls it, caches and refreshes its keys. */
  readonly credentialProvider: CredentialProvider | undefined;
  readonly region: string | undefined;
  readonly zone: string | undefined;
  readonly projectId: string | undefined;
  readonly baseUrl: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly backoff: ResolvedBackoff;
  readonly logLevel: LogLevel;
  /** The proxy for baseUrl (shown without credentials), or undefined for direct connections. */
  readonly proxy: ProxySetting | undefined;
  /** Where the keys came from, e.g. `options`, `env SCLOUD_*`, `profile default (~/.ucloud/credential.json)`. */
  readonly credentialSource: string;
  /** Response checking: the option, else env SCLOUD_VALIDATE_RESPONSES, else `off`. */
  readonly validateResponses: ResponseValidation;
  /** SCLOUD_DRIFT_LOG: the file drift records are appended to. */
  readonly driftLog: string | undefined;
}

type Field = 'publicKey' | 'privateKey' | 'securityToken' | 'region' | 'zone' | 'projectId' | 'baseUrl' | 'timeoutMs' | 'maxRetries';
interface Setting {
  readonly value: string | number;
  readonly origin: string;
}
interface Source {
  readonly name: string;
  readonly values: Partial<Record<Field, Setting>>;
}

const STRING_OPTIONS = ['publicKey', 'privateKey', 'securityToken', 'region', 'zone', 'projectId', 'baseUrl', 'profile', 'home'] as const;
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;
const HOOK_NAMES = ['onRequest', 'onResponse', 'onRetry', 'onError', 'onDrift'] as const;

/** Resolves options, env and profile files into one config; throws ConfigError when no keys are found. */
export function resolveConfig(config: ClientConfig = {}): ResolvedConfig {
  checkOptions(config);
  // The `credentials` option beats every other source of keys (it is an option), and needs none of them.
  const given = config.credentials === undefined ? undefined : resolveCredentialsInput('option `credentials`', config.credentials);
  const env = config.env ?? processEnv();
  const sources: Source[] = [optionsSource(config), envSource(env, 'SCLOUD'), envSource(env, 'UCLOUD')];
  const request = profileRequest(config, env);
  const home = resolveHome(config.home, env);
  const wanted = given === undefined ? (['publicKey', 'privateKey', 'region', 'projectId', 'baseUrl'] as const) : (['region', 'projectId', 'baseUrl'] as const);
  const needsFile = wanted.some((f) => pick(sources, f) === undefined);
  let profile: Profile | undefined;
  if (home !== undefined && (needsFile || request !== undefined)) {
    profile = readProfile(home, request);
    if (profile !== undefined) sources.push({ name: `profile ${profile.name} (${profilePaths(home).credential})`, values: profile.values });
  }
  const { credentials, provider, source } =
    given === undefined
      ? pickCredentials(sources, profile, home)
      : { credentials: given.keys, provider: given.provider, source: credentialsOptionSource(given.provider) };
  const timeout = pick(sources, 'timeoutMs');
  const maxRetries = pick(sources, 'maxRetries');
  const baseUrl = pick(sources, 'baseUrl');
  const url = baseUrl === undefined ? DEFAULT_BASE_URL : checkHttpUrl(baseUrl.origin, baseUrl.value);
  return {
    credentials,
    credentialProvider: provider,
    credentialSource: source,
    region: pick(sources, 'region')?.value as string | undefined,
    zone: pickZone(sources),
    projectId: pick(sources, 'projectId')?.value as string | undefined,
    baseUrl: url,
    timeout: timeout === undefined ? DEFAULT_TIMEOUT_MS : checkTimeout(timeout.origin, timeout.value),
    maxRetries: maxRetries === undefined ? DEFAULT_MAX_RETRIES : checkRetries(maxRetries.origin, maxRetries.value),
    backoff: checkBackoff('option `backoff`', config.backoff),
    logLevel: resolveLogLevel(config.logLevel, env, config.logger !== undefined),
    proxy: resolveProxy(url, config.proxy, env),
    ...resolveDriftSettings(config.validateResponses, env),
  };
}

/** The env variables of response checking. */
const VALIDATE_ENV = 'SCLOUD_VALIDATE_RESPONSES';
const DRIFT_LOG_ENV = 'SCLOUD_DRIFT_LOG';

/** Response checking: the option, else env SCLOUD_VALIDATE_RESPONSES (any case), else `off`; and SCLOUD_DRIFT_LOG. */
function resolveDriftSettings(
  option: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { validateResponses: ResponseValidation; driftLog: string | undefined } {
  const fromEnv = env[VALIDATE_ENV];
  const validateResponses =
    option !== undefined
      ? checkResponseValidation('option `validateResponses`', option)
      : fromEnv !== undefined && fromEnv !== ''
        ? checkResponseValidation(`env ${VALIDATE_ENV}`, fromEnv.toLowerCase())
        : 'off';
  const file = env[DRIFT_LOG_ENV];
  return { validateResponses, driftLog: file === undefined || file === '' ? undefined : file };
}

/** Type-checks every option (a JavaScript caller may pass anything). */
function checkOptions(config: ClientConfig): void {
  if (config === null || typeof config !== 'object')
    throw configError('the Client options', `must be an object, got ${describeValue(config)}`, 'pass new Client({ ... }) or nothing');
  for (const name of STRING_OPTIONS) optionalString(`option \`${name}\``, config[name]);
  if (config.timeout !== undefined) checkTimeout('option `timeout`', config.timeout);
  if (config.maxRetries !== undefined) checkRetries('option `maxRetries`', config.maxRetries);
  checkBackoff('option `backoff`', config.backoff);
  checkHeaderText('option `userAgent`', config.userAgent);
  checkFunction('option `fetch`', config.fetch);
  checkMethods('option `logger`', config.logger, LOGGER_METHODS, true);
  checkMethods('option `hooks`', config.hooks, HOOK_NAMES, false);
  const t = config.transport as unknown;
  if (t !== undefined && t !== 'undici' && t !== 'http' && t !== 'fetch') {
    if (t === null || typeof t !== 'object')
      throw configError(
        'option `transport`',
        `must be 'undici', 'http', 'fetch' or a Transport object, got ${describeValue(t)}`,
        'leave it unset for the default',
      );
    checkMethods('option `transport`', t, ['send'], true);
  }
  if (config.env !== undefined && (config.env === null || typeof config.env !== 'object'))
    throw configError('option `env`', `must be an object, got ${describeValue(config.env)}`, 'pass an object of strings or leave it unset');
  const keyOption = (['publicKey', 'privateKey', 'securityToken'] as const).find((k) => config[k] !== undefined && config[k] !== '');
  if (config.credentials !== undefined && keyOption !== undefined)
    throw configError(
      'option `credentials`',
      `and option \`${keyOption}\` are both set`,
      'pass the keys one way: credentials: { publicKey, privateKey, securityToken } or the three options',
    );
}

/** `client.settings.credentialSource` for the `credentials` option. */
function credentialsOptionSource(provider: CredentialProvider | undefined): string {
  if (provider === undefined) return 'option `credentials`';
  return provider.source === undefined ? 'option `credentials` (a provider)' : `option \`credentials\` (${provider.source})`;
}

function optionsSource(config: ClientConfig): Source {
  const values: Partial<Record<Field, Setting>> = {};
  const set = (field: Field, option: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') values[field] = { value, origin: `option \`${option}\`` };
  };
  for (const f of ['publicKey', 'privateKey', 'securityToken', 'region', 'zone', 'projectId', 'baseUrl'] as const) set(f, f, config[f]);
  set('timeoutMs', 'timeout', config.timeout);
  set('maxRetries', 'maxRetries', config.maxRetries);
  return { name: 'options', values };
}

function envSource(env: Readonly<Record<string, string | undefined>>, prefix: 'SCLOUD' | 'UCLOUD'): Source {
  const values: Partial<Record<Field, Setting>> = {};
  const set = (field: Field, ...names: string[]): void => {
    for (const name of names) {
      const v = optionalString(`env ${prefix}_${name}`, env[`${prefix}_${name}`]);
      if (v !== undefined) {
        values[field] = { value: v, origin: `env ${prefix}_${name}` };
        return;
      }
    }
  };
  set('publicKey', 'PUBLIC_KEY');
  set('privateKey', 'PRIVATE_KEY');
  set('securityToken', 'SECURITY_TOKEN');
  set('region', 'REGION');
  set('zone', 'ZONE');
  set('projectId', 'PROJECT_ID');
  set('baseUrl', 'BASE_URL', 'API_BASE_URL');
  return { name: `env ${prefix}_*`, values };
}

/** The profile asked for by the option or the env; an empty value means unset. */
function profileRequest(config: ClientConfig, env: Readonly<Record<string, string | undefined>>): ProfileRequest | undefined {
  if (config.profile !== undefined && config.profile !== '') return { name: config.profile, origin: 'option `profile`' };
  for (const name of ['SCLOUD_PROFILE', 'UCLOUD_PROFILE']) {
    const v = optionalString(`env ${name}`, env[name]);
    if (v !== undefined) return { name: v, origin: `env ${name}` };
  }
  return undefined;
}

/**
 * The home directory holding `.ucloud/`: the option, else a non-empty HOME, else os.homedir(), else the user
 * database's entry. Never `''` (which would read `./.ucloud` in the working directory): undefined when none.
 */
export function resolveHome(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (option !== undefined && option !== '') return option;
  const fromEnv = env.HOME;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const os = nodeBuiltin('node:os'); // none in a Worker: no home, no profile files there
  if (os === undefined) return undefined;
  const fromOs = os.homedir(); // reads process.env.HOME first, so an empty HOME gives '' here too
  if (fromOs !== '') return fromOs;
  try {
    const fromUser = os.userInfo().homedir;
    return fromUser === '' ? undefined : fromUser;
  } catch {
    return undefined;
  }
}

function pick(sources: readonly Source[], field: Field): Setting | undefined {
  for (const s of sources) {
    const v = s.values[field];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A zone belongs to its region: take it only from the source that set the region, or one above it. */
function pickZone(sources: readonly Source[]): string | undefined {
  for (const s of sources) {
    if (s.values.zone !== undefined) return s.values.zone.value as string;
    if (s.values.region !== undefined) return undefined;
  }
  return undefined;
}

/** The keys of the first source that has any (the security token only beside them), else a ConfigError naming every source. */
function pickCredentials(
  sources: readonly Source[],
  profile: Profile | undefined,
  home: string | undefined,
): { credentials: Credentials; provider?: undefined; source: string } {
  for (const s of sources) {
    const { publicKey, privateKey, securityToken } = s.values;
    if (publicKey === undefined && privateKey === undefined) {
      if (securityToken !== undefined)
        throw new ConfigError(
          `${securityToken.origin} is set, but ${s.name} has no publicKey/privateKey; a security token belongs to its temporary keys: set the three in the same place`,
        );
      continue;
    }
    if (publicKey === undefined || privateKey === undefined) {
      const missing = publicKey === undefined ? 'publicKey' : 'privateKey';
      throw new ConfigError(`${s.name} sets only one of publicKey/privateKey (${missing} is missing); set both in the same place`);
    }
    const token = securityToken?.value as string | undefined;
    return { credentials: new Credentials(publicKey.value as string, privateKey.value as string, { securityToken: token }), source: s.name };
  }
  const paths = home === undefined ? undefined : profilePaths(home);
  const files =
    paths !== undefined
      ? `profile files ${paths.credential} and config.json`
      : `profile files (${nodeBuiltin('node:fs') === undefined ? 'no file system here' : 'no home directory found; set HOME'})`;
  const tried =
    'tried: options publicKey/privateKey, env SCLOUD_PUBLIC_KEY/SCLOUD_PRIVATE_KEY, ' +
    `env UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY, ${files}. Pass them to new Client({ publicKey, privateKey }) or set the env vars; ` +
    'on a UHost with a role, pass credentials: fromInstanceMetadata().';
  if (profile !== undefined && paths !== undefined) {
    const others = profile.names.filter((n) => n !== profile.name);
    const why = profile.hasCredentialEntry ? `its entry in ${paths.credential} has no public_key/private_key` : `${paths.credential} has no entry for it`;
    throw new ConfigError(
      `no SCloud credentials found: profile "${profile.name}" (${profile.chosenBy}) has no keys: ${why}; add them there` +
        `${others.length > 0 ? `, or pick another profile (${others.join(', ')}) with SCLOUD_PROFILE` : ''}. Also ${tried}`,
    );
  }
  throw new ConfigError(`no SCloud credentials found; ${tried}`);
}
