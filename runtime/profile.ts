/**
 * The provider CLI's profile files, `~/.ucloud/config.json` and `~/.ucloud/credential.json`: JSON arrays of
 * entries keyed by `profile`. Reads them, picks the profile (asked for by name, else the `active` one, else
 * `default`) and type-checks every field of the picked entries. Errors name the file, line and column and the
 * key, never the content (the credential file holds the private key).
 */
import { describeValue } from './config-check.js';
import { ConfigError } from './errors.js';
import { positionAt, scanJson } from './json-scan.js';
import { nodeBuiltin } from './platform.js';

/** Paths of the two profile files under `home`. */
export function profilePaths(home: string): { config: string; credential: string } {
  const path = nodeBuiltin('node:path');
  const join = (...parts: string[]): string => (path === undefined ? parts.join('/') : path.join(...parts));
  const dir = join(home, '.ucloud');
  return { config: join(dir, 'config.json'), credential: join(dir, 'credential.json') };
}

/** A value read from a profile file, with where it came from (`<file>:<line>:<col> (profile "x", key k)`). */
export interface ProfileSetting {
  readonly value: string | number;
  readonly origin: string;
}

export type ProfileField = 'publicKey' | 'privateKey' | 'projectId' | 'region' | 'zone' | 'baseUrl' | 'timeoutMs' | 'maxRetries';

export interface Profile {
  readonly name: string;
  /** How the name was chosen, for messages: `env SCLOUD_PROFILE`, `marked active in <config.json>`, `the default`. */
  readonly chosenBy: string;
  readonly values: Partial<Record<ProfileField, ProfileSetting>>;
  /** Whether credential.json has an entry for this profile. */
  readonly hasCredentialEntry: boolean;
  /** Every profile name in either file, for "pick one of" hints. */
  readonly names: readonly string[];
}

/** A profile asked for by name, and who asked (`option profile`, `env SCLOUD_PROFILE`). */
export interface ProfileRequest {
  readonly name: string;
  readonly origin: string;
}

interface ProfileFile {
  readonly path: string;
  readonly text: string;
  readonly entries: readonly Record<string, unknown>[];
  readonly keys: ReadonlyMap<string, number>;
}

type Kind = 'string' | 'seconds' | 'retries';
/** Field specs: file key -> [field, kind]. Other keys (the CLI writes a few more) are ignored. */
const CONFIG_FIELDS: Readonly<Record<string, readonly [ProfileField, Kind]>> = {
  project_id: ['projectId', 'string'],
  region: ['region', 'string'],
  zone: ['zone', 'string'],
  base_url: ['baseUrl', 'string'],
  timeout_sec: ['timeoutMs', 'seconds'],
  max_retry_times: ['maxRetries', 'retries'],
};
const CREDENTIAL_FIELDS: Readonly<Record<string, readonly [ProfileField, Kind]>> = {
  public_key: ['publicKey', 'string'],
  private_key: ['privateKey', 'string'],
};

/**
 * Reads the requested profile (or the active one, or `default`). Missing files give `undefined`; so does an
 * implicit `default` that neither file has. A requested profile that neither file has is a ConfigError.
 */
export function readProfile(home: string, request: ProfileRequest | undefined): Profile | undefined {
  const paths = profilePaths(home);
  const fs = nodeBuiltin('node:fs');
  if (fs === undefined) {
    if (request !== undefined)
      throw new ConfigError(`profile "${request.name}" (from ${request.origin}): this runtime has no file system; pass the keys as options instead`);
    return undefined;
  }
  const config = readProfileFile(fs.readFileSync, paths.config);
  const credential = readProfileFile(fs.readFileSync, paths.credential);
  if (config === undefined && credential === undefined) {
    if (request !== undefined)
      throw new ConfigError(
        `profile "${request.name}" (from ${request.origin}) was asked for, but neither ${paths.config} nor ${paths.credential} exists; create them with the ucloud CLI or unset the profile`,
      );
    return undefined;
  }
  const names = [...new Set([...profileNames(config), ...profileNames(credential)])];
  const active = activeProfile(config);
  const name = request?.name ?? active?.name ?? 'default';
  const chosenBy = request?.origin ?? active?.origin ?? 'the default';
  const c = findEntry(config, name);
  const k = findEntry(credential, name);
  if (c === undefined && k === undefined) {
    if (request !== undefined) {
      throw new ConfigError(
        `profile "${name}" (from ${request.origin}) is not in ${paths.config} or ${paths.credential}; pick one of: ${names.length > 0 ? names.join(', ') : '(none)'}`,
      );
    }
    if (active === undefined) return undefined;
  }
  const values: Partial<Record<ProfileField, ProfileSetting>> = {};
  if (config !== undefined && c !== undefined) readFields(config, c, name, CONFIG_FIELDS, values);
  if (credential !== undefined && k !== undefined) readFields(credential, k, name, CREDENTIAL_FIELDS, values);
  return { name, chosenBy, values, hasCredentialEntry: k !== undefined, names };
}

function readProfileFile(readFileSync: typeof import('node:fs').readFileSync, path: string): ProfileFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path} (${code ?? 'read error'}); fix its permissions or remove it`, { cause: error });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // No cause and no JSON.parse message: both quote the text around the error, which may be the private key.
    const { error } = scanJson(text);
    const where = error === undefined ? '' : `:${error.line}:${error.column}`;
    throw new ConfigError(
      `${path}${where}: not valid JSON: ${error?.problem ?? 'syntax error'}; fix the file (it is a JSON array of profiles, as the ucloud CLI writes it) or remove it`,
    );
  }
  if (!Array.isArray(data))
    throw new ConfigError(
      `${path}:1:1: must hold a JSON array of profiles, as the ucloud CLI writes it, found ${describeValue(data)}; fix the file or remove it`,
    );
  const { keys } = scanJson(text);
  const file: ProfileFile = { path, text, entries: [], keys };
  data.forEach((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      fail(file, String(i), `entry ${i + 1} must be an object, found ${describeValue(entry)}`, 'fix or remove that entry');
    (file.entries as Record<string, unknown>[]).push(entry as Record<string, unknown>);
    checkType(file, i, 'profile', 'string');
  });
  return file;
}

function profileNames(file: ProfileFile | undefined): string[] {
  return (file?.entries ?? []).map((e) => e.profile).filter((n): n is string => typeof n === 'string' && n !== '');
}

/** The first entry of config.json with `active: true`. */
function activeProfile(config: ProfileFile | undefined): { name: string; origin: string } | undefined {
  if (config === undefined) return undefined;
  for (let i = 0; i < config.entries.length; i++) {
    checkType(config, i, 'active', 'boolean');
    const e = config.entries[i] as Record<string, unknown>;
    if (e.active === true && typeof e.profile === 'string' && e.profile !== '') return { name: e.profile, origin: `marked active in ${config.path}` };
  }
  return undefined;
}

function findEntry(file: ProfileFile | undefined, name: string): number | undefined {
  const i = file?.entries.findIndex((e) => e.profile === name) ?? -1;
  return i < 0 ? undefined : i;
}

function readFields(file: ProfileFile, i: number, name: string, fields: typeof CONFIG_FIELDS, out: Partial<Record<ProfileField, ProfileSetting>>): void {
  const entry = file.entries[i] as Record<string, unknown>;
  for (const [key, [field, type]] of Object.entries(fields)) {
    const v = entry[key];
    if (v === undefined || v === null || v === '') continue; // the CLI writes "" for unset values
    const origin = `${where(file, `${i}/${key}`)} (profile "${name}", key ${key})`;
    if (type === 'string') {
      if (typeof v !== 'string')
        fail(file, `${i}/${key}`, `profile "${name}": ${key} must be a string, found ${describeValue(v)}`, 'fix the value or remove the key');
      out[field] = { value: v, origin };
    } else if (type === 'seconds') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0.001 || v > 3_600) {
        fail(
          file,
          `${i}/${key}`,
          `profile "${name}": ${key} must be a number of seconds from 0.001 to 3600, found ${describeValue(v)}`,
          'fix the value or remove the key',
        );
      }
      out[field] = { value: v * 1000, origin };
    } else {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
        fail(
          file,
          `${i}/${key}`,
          `profile "${name}": ${key} must be a whole number from 0 to 100, found ${describeValue(v)}`,
          'fix the value or remove the key',
        );
      }
      out[field] = { value: v, origin };
    }
  }
}

function checkType(file: ProfileFile, i: number, key: string, type: 'string' | 'boolean'): void {
  const v = (file.entries[i] as Record<string, unknown>)[key];
  if (v !== undefined && v !== null && typeof v !== type)
    fail(file, `${i}/${key}`, `entry ${i + 1}: ${key} must be a ${type}, found ${describeValue(v)}`, 'fix the value or remove the key');
}

/** `<path>:<line>:<col>` of a key (`<index>/<key>`), or of the entry (`<index>`), or the bare path. */
function where(file: ProfileFile, key: string): string {
  const offset = file.keys.get(key);
  if (offset === undefined) return file.path;
  const p = positionAt(file.text, offset);
  return `${file.path}:${p.line}:${p.column}`;
}

function fail(file: ProfileFile, key: string, problem: string, fix: string): never {
  throw new ConfigError(`${where(file, key)}: ${problem}; ${fix}`);
}
