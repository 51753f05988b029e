/**
 * `fromInstanceMetadata()`: the temporary keys of a UHost's role, from the instance metadata server (what the
 * provider's Go SDK reads, external/sts_creds*.go). STS v2 is `GET /meta-data/v2/iam/security-credentials[/<role>]`
 * (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration` ISO 8601); where v2 is not there (404) v1,
 * `/meta-data/v1/uam/security-credentials[/<role>]` (`PublicKey`, `PrivateKey`, `SecurityToken`, `Expiration` in
 * Unix seconds). Region and zone come from `/meta-data/latest/region` and `/availability-zone`. Short timeouts and
 * one retry: off a UHost the answer is a quick CredentialsError, not a hang. Uses the global fetch (no proxy).
 */
import { checkHttpUrl, configError, describeValue } from './config-check.js';
import type { CredentialProvider, ProvidedCredentials } from './credential-provider.js';
import { CredentialsError } from './errors.js';

/** The provider's instance metadata server. */
export const DEFAULT_METADATA_ENDPOINT = 'http://100.80.80.80';
/** Per request to the metadata server, unless `timeoutMs` says otherwise. */
const DEFAULT_TIMEOUT_MS = 1_000;
/** Requests per read: one retry after a timeout, a network error or a 5xx. */
const ATTEMPTS = 2;
/** Largest answer read from the metadata server. */
const MAX_BODY_BYTES = 64 * 1024;

export interface InstanceMetadataOptions {
  /** The role to assume; default: the role attached to the instance. */
  readonly roleName?: string | undefined;
  /** Default env SCLOUD_METADATA_ENDPOINT, else http://100.80.80.80. */
  readonly endpoint?: string | undefined;
  /** Per request, 1 to 60 000 ms; default 1 000. */
  readonly timeoutMs?: number | undefined;
}

type Version = 'v2' | 'v1';
const PATHS: Readonly<Record<Version, string>> = { v2: '/meta-data/v2/iam/security-credentials', v1: '/meta-data/v1/uam/security-credentials' };

/** A credentials provider for the role of the UHost this runs on (or another role of it, `roleName`). */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  const { roleName, timeoutMs } = checkOptions(options);
  const envEndpoint = typeof process === 'object' ? process.env?.SCLOUD_METADATA_ENDPOINT : undefined;
  const origin = options.endpoint !== undefined ? 'option `endpoint`' : envEndpoint !== undefined && envEndpoint !== '' ? 'env SCLOUD_METADATA_ENDPOINT' : undefined;
  const endpoint = origin === undefined ? DEFAULT_METADATA_ENDPOINT : checkHttpUrl(origin, options.endpoint ?? envEndpoint).replace(/\/+$/, '');
  const server = new MetadataServer(endpoint, timeoutMs);
  const role = roleName === undefined ? 'the instance role' : `role "${roleName}"`;
  let version: Version | undefined; // the one that answered: no v2 request again where v1 it is
  let place: Promise<Placement> | undefined;
  const provider = async (): Promise<ProvidedCredentials> => {
    const placement = (place ??= readPlacement(server));
    try {
      return { ...(await readRole()), ...(await placement) };
    } catch (error) {
      place = undefined; // read again with the next keys: the server may have been down
      throw error;
    }
  };
  const readRole = async (): Promise<ProvidedCredentials> => {
    const suffix = roleName === undefined ? '' : `/${encodeURIComponent(roleName)}`;
    let res = version === 'v1' ? undefined : await server.get(PATHS.v2 + suffix);
    if (res === undefined || res.status === 404) {
      const v1 = await server.get(PATHS.v1 + suffix);
      if (v1.status === 404) {
        const what = roleName === undefined ? 'role attached to this instance' : `role "${roleName}"`;
        throw new CredentialsError(`instance metadata at ${endpoint}: no ${what} (HTTP 404 from STS v2 and v1); ${roleName === undefined ? 'attach a role to the instance' : 'check the role name, or leave roleName unset for the instance role'}`);
      }
      res = v1;
      version = 'v1';
    } else {
      version = 'v2';
    }
    return parseCredentials(version, res, `instance metadata at ${endpoint} (STS ${version}, ${role})`);
  };
  return Object.assign(provider, { source: `instance metadata at ${endpoint}, ${role}` });
}

function checkOptions(o: InstanceMetadataOptions): { roleName: string | undefined; timeoutMs: number } {
  if (o === null || typeof o !== 'object') throw configError('fromInstanceMetadata options', `must be an object, got ${describeValue(o)}`, 'pass { roleName?, endpoint?, timeoutMs? }');
  const r = o.roleName;
  if (r !== undefined && (typeof r !== 'string' || r === '' || r.includes('/'))) {
    throw configError('fromInstanceMetadata option `roleName`', `must be a role name without "/", got ${describeValue(r)}`, 'pass the role name or leave it unset');
  }
  const t = o.timeoutMs;
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t < 1 || t > 60_000)) {
    throw configError('fromInstanceMetadata option `timeoutMs`', `must be a number of milliseconds from 1 to 60000, got ${describeValue(t)}`, 'pass a value in that range or leave it unset (default 1000)');
  }
  return { roleName: r, timeoutMs: t ?? DEFAULT_TIMEOUT_MS };
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** GETs from the metadata server: a timeout per request, one retry, a size limit; failures are CredentialsErrors. */
class MetadataServer {
  readonly #endpoint: string;
  readonly #timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number) {
    this.#endpoint = endpoint;
    this.#timeoutMs = timeoutMs;
  }

  async get(path: string): Promise<Answer> {
    let problem = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const res = await fetch(this.#endpoint + path, { signal: AbortSignal.timeout(this.#timeoutMs), redirect: 'error' });
        const answer = { status: res.status, text: await readLimited(res) };
        if (answer.status < 500) return answer;
        problem = `HTTP ${answer.status}`;
      } catch (error) {
        problem = failure(error, this.#timeoutMs);
      }
    }
    throw new CredentialsError(`the instance metadata server at ${this.#endpoint} ${problem} (${ATTEMPTS} attempts at ${path}); on a UHost, check that the instance has a role; elsewhere, use other credentials`);
  }
}

/** Why a request failed, for the message: a timeout, or the network error's code (no text from the server). */
function failure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${timeoutMs} ms`;
  if ((error as { code?: unknown }).code === 'EBODYTOOLARGE') return `answered more than ${MAX_BODY_BYTES} bytes`;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown }).code;
  return typeof code === 'string' ? `could not be reached (${code})` : 'could not be reached';
}

/** The body as text, at most MAX_BODY_BYTES (a larger one is an error: no metadata answer is that large). */
async function readLimited(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw Object.assign(new Error('answer too large'), { code: 'EBODYTOOLARGE' });
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The keys of a `security-credentials` answer; what is wrong is named, no value of the body is ever quoted. */
function parseCredentials(version: Version, res: Answer, where: string): ProvidedCredentials {
  if (res.status !== 200) throw new CredentialsError(`${where} answered HTTP ${res.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    // No cause and no excerpt: a half-sent answer holds the keys.
    throw new CredentialsError(`${where} answered ${res.text.length} characters that are not JSON; is the endpoint the instance metadata server?`);
  }
  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof b.RetCode !== 'number') throw new CredentialsError(`${where} answered JSON without a numeric RetCode`);
  if (b.RetCode !== 0) {
    const message = typeof b.Message === 'string' ? `: ${b.Message.slice(0, 200)}` : '';
    throw new CredentialsError(`${where} answered RetCode ${b.RetCode}${message}`);
  }
  const d = (b.Data !== null && typeof b.Data === 'object' ? b.Data : {}) as Record<string, unknown>;
  const names = version === 'v2' ? ['AccessKeyId', 'AccessKeySecret', 'SecurityToken'] : ['PublicKey', 'PrivateKey', 'SecurityToken'];
  const missing = names.filter((n) => typeof d[n] !== 'string' || d[n] === '');
  const expiration = version === 'v2' ? isoDate(d.Expiration) : unixDate(d.Expiration);
  if (expiration === undefined) missing.push(`Expiration (${version === 'v2' ? 'an ISO 8601 time' : 'Unix seconds'})`);
  if (missing.length > 0) throw new CredentialsError(`${where} answered without Data.${missing.join(', Data.')}`);
  const [publicKey, privateKey, securityToken] = names.map((n) => d[n] as string) as [string, string, string];
  const projectId = typeof d.ProjectID === 'string' && d.ProjectID !== '' ? d.ProjectID : undefined;
  return { publicKey, privateKey, securityToken, expiration, projectId };
}

function isoDate(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t) : undefined;
}

function unixDate(v: unknown): Date | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? new Date(n * 1000) : undefined;
}

interface Placement {
  readonly region?: string;
  readonly zone?: string;
}

/** Region and zone of the instance (plain text); a client uses them only where it has none, so failures just leave them out. */
async function readPlacement(server: MetadataServer): Promise<Placement> {
  const read = async (path: string): Promise<string | undefined> => {
    try {
      const res = await server.get(path);
      const text = res.text.trim();
      return res.status === 200 && /^[\w.-]{1,64}$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  };
  const [region, zone] = await Promise.all([read('/meta-data/latest/region'), read('/meta-data/latest/availability-zone')]);
  return { ...(region === undefined ? {} : { region }), ...(zone === undefined ? {} : { zone }) };
}
