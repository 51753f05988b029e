/**
 * Credentials and the provider CLI's profile files (`~/.ucloud/config.json`, `~/.ucloud/credential.json`).
 * The private key lives in a private field: it is not enumerable, not in JSON, not in `util.inspect`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors.js';

export class Credentials {
  readonly publicKey: string;
  readonly #privateKey: string;
  constructor(publicKey: string, privateKey: string) {
    this.publicKey = publicKey;
    this.#privateKey = privateKey;
  }
  /** Only the signer should call this. */
  privateKey(): string {
    return this.#privateKey;
  }
  toJSON(): object {
    return { publicKey: this.publicKey, privateKey: '[redacted]' };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Credentials { publicKey: '${this.publicKey}', privateKey: [redacted] }`;
  }
}

/** One profile merged from config.json and credential.json (fields as the CLI writes them). */
export interface ProfileValues {
  readonly publicKey?: string | undefined;
  readonly privateKey?: string | undefined;
  readonly projectId?: string | undefined;
  readonly region?: string | undefined;
  readonly zone?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

interface RawProfile {
  profile?: unknown; active?: unknown; public_key?: unknown; private_key?: unknown; project_id?: unknown;
  region?: unknown; zone?: unknown; base_url?: unknown; timeout_sec?: unknown;
}

/** Paths of the two profile files under `home`. */
export function profilePaths(home: string): { config: string; credential: string } {
  const dir = join(home, '.ucloud');
  return { config: join(dir, 'config.json'), credential: join(dir, 'credential.json') };
}

/**
 * Reads the named profile (or the `active` one, or `default`) from the profile files.
 * Missing files give `undefined`; unreadable or malformed files throw a ConfigError naming the file.
 */
export function readProfile(home: string, profile: string | undefined): { name: string; values: ProfileValues } | undefined {
  const paths = profilePaths(home);
  const configs = readProfileFile(paths.config);
  const creds = readProfileFile(paths.credential);
  if (configs === undefined && creds === undefined) return undefined;
  const name = profile ?? str(configs?.find((p) => p.active === true)?.profile) ?? 'default';
  const c = configs?.find((p) => p.profile === name);
  const k = creds?.find((p) => p.profile === name);
  if (c === undefined && k === undefined) {
    if (profile !== undefined) {
      throw new ConfigError(`profile "${profile}" is not in ${paths.config} or ${paths.credential}; pick one of: ${listNames(configs, creds)}`);
    }
    return undefined;
  }
  const timeout = typeof c?.timeout_sec === 'number' && c.timeout_sec > 0 ? c.timeout_sec * 1000 : undefined;
  return {
    name,
    values: {
      publicKey: str(k?.public_key), privateKey: str(k?.private_key), projectId: str(c?.project_id),
      region: str(c?.region), zone: str(c?.zone), baseUrl: str(c?.base_url), timeoutMs: timeout,
    },
  };
}

function readProfileFile(path: string): RawProfile[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON (${(error as Error).message}); fix it or remove it`, { cause: error });
  }
  if (!Array.isArray(data)) throw new ConfigError(`${path} must hold a JSON array of profiles, as written by the ucloud CLI`);
  return data.filter((p): p is RawProfile => typeof p === 'object' && p !== null);
}

function listNames(...files: (RawProfile[] | undefined)[]): string {
  const names = new Set(files.flatMap((f) => (f ?? []).map((p) => str(p.profile)).filter((n) => n !== undefined)));
  return names.size > 0 ? [...names].join(', ') : '(none)';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
