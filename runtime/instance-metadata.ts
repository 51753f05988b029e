/**
 * `fromInstanceMetadata()`'s protocol, loaded on its first call: the temporary keys of a UHost's role, from the
 * instance metadata server (what the provider's Go SDK reads, external/sts_creds*.go). STS v2 is
 * `GET /meta-data/v2/iam/security-credentials[/<role>]` (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`,
 * `Expiration` ISO 8601); where v2 is not there (404) v1, `/meta-data/v1/uam/security-credentials[/<role>]`
 * (`PublicKey`, `PrivateKey`, `SecurityToken`, `Expiration` in Unix seconds). Region and zone come from
 * `/meta-data/latest/region` and `/availability-zone`. Short timeouts and one retry: off a UHost the answer is a
 * quick CredentialsError, not a hang. Uses the global fetch (no proxy).
 */
import type { CredentialProvider, InstanceRole, ProvidedCredentials } from './credential-types.js';
import type { CredentialsError } from './errors.js';

/** The error class to throw (passed in: this module imports nothing at run time; see credentials.ts). */
type Fail = typeof CredentialsError;

/** Requests per read: one retry after a timeout, a network error or a 5xx. */
const ATTEMPTS = 2;
/** Largest answer read from the metadata server. */
const MAX_BODY_BYTES = 64 * 1024;

type Version = 'v2' | 'v1';
const PATHS: Readonly<Record<Version, string>> = { v2: '/meta-data/v2/iam/security-credentials', v1: '/meta-data/v1/uam/security-credentials' };

/** Reads the keys of `role` (options checked by fromInstanceMetadata, credentials.ts). */
export function instanceRole({ endpoint, roleName, timeoutMs }: InstanceRole, Fail: Fail): CredentialProvider {
  const server = new MetadataServer(endpoint, timeoutMs, Fail);
  const role = roleName === undefined ? 'the instance role' : `role "${roleName}"`;
  let version: Version | undefined; // the one that answered: no v2 request again where v1 it is
  let place: Promise<Placement> | undefined;
  const readRole = async (): Promise<ProvidedCredentials> => {
    const suffix = roleName === undefined ? '' : `/${encodeURIComponent(roleName)}`;
    let res = version === 'v1' ? undefined : await server.get(PATHS.v2 + suffix);
    if (res === undefined || res.status === 404) {
      const v1 = await server.get(PATHS.v1 + suffix);
      if (v1.status === 404) {
        const what = roleName === undefined ? 'role attached to this instance' : `role "${roleName}"`;
        throw new Fail(
          `instance metadata at ${endpoint}: no ${what} (HTTP 404 from STS v2 and v1); ${roleName === undefined ? 'attach a role to the instance' : 'check the role name, or leave roleName unset for the instance role'}`,
        );
      }
      res = v1;
      version = 'v1';
    } else {
      version = 'v2';
    }
    return parseCredentials(version, res, `instance metadata at ${endpoint} (STS ${version}, ${role})`, Fail);
  };
  return async () => {
    const placement = (place ??= readPlacement(server));
    try {
      return { ...(await readRole()), ...(await placement) };
    } catch (error) {
      place = undefined; // read again with the next keys: the server may have been down
      throw error;
    }
  };
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** GETs from the metadata server: a timeout per request, one retry, a size limit; failures are CredentialsErrors. */
class MetadataServer {
  readonly #endpoint: string;
  readonly #timeoutMs: number;
  readonly #fail: Fail;

  constructor(endpoint: string, timeoutMs: number, fail: Fail) {
    this.#endpoint = endpoint;
    this.#timeoutMs = timeoutMs;
    this.#fail = fail;
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
    throw new this.#fail(
      `the instance metadata server at ${this.#endpoint} ${problem} (${ATTEMPTS} attempts at ${path}); on a UHost, check that the instance has a role; elsewhere, use other credentials`,
    );
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
function parseCredentials(version: Version, res: Answer, where: string, Fail: Fail): ProvidedCredentials {
  if (res.status !== 200) throw new Fail(`${where} answered HTTP ${res.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    // No cause and no excerpt: a half-sent answer holds the keys.
    throw new Fail(`${where} answered ${res.text.length} characters that are not JSON; is the endpoint the instance metadata server?`);
  }
  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof b.RetCode !== 'number') throw new Fail(`${where} answered JSON without a numeric RetCode`);
  if (b.RetCode !== 0) {
    const message = typeof b.Message === 'string' ? `: ${b.Message.slice(0, 200)}` : '';
    throw new Fail(`${where} answered RetCode ${b.RetCode}${message}`);
  }
  const d = (b.Data !== null && typeof b.Data === 'object' ? b.Data : {}) as Record<string, unknown>;
  const names = version === 'v2' ? ['AccessKeyId', 'AccessKeySecret', 'SecurityToken'] : ['PublicKey', 'PrivateKey', 'SecurityToken'];
  const missing = names.filter((n) => typeof d[n] !== 'string' || d[n] === '');
  const expiration = version === 'v2' ? isoDate(d.Expiration) : unixDate(d.Expiration);
  if (expiration === undefined) missing.push(`Expiration (${version === 'v2' ? 'an ISO 8601 time' : 'Unix seconds'})`);
  if (missing.length > 0) throw new Fail(`${where} answered without Data.${missing.join(', Data.')}`);
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
