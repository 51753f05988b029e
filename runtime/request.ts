/**
 * A request ready to send: defaults filled, params validated against the action's meta, flattened, signed once
 * (resent as is on retries). Also holds the per-request Scrubber (its Signature and password-like values).
 */
import type { ResolvedConfig } from './config.js';
import type { Credentials } from './credentials.js';
import { ValidationError } from './errors.js';
import type { ActionMeta, ObjectShape } from './meta.js';
import { secretValues } from './redact.js';
import { Scrubber } from './scrub.js';
import { sha1HexSync } from './sha1.js';
import { EncodeError, flattenParams, signAndEncode, signAndEncodeAsync } from './sign.js';
import type { TransportCall } from './transport/types.js';
import { checkParams } from './validate.js';

/** Which defaults to fill: those the action declares (invoke), Region+ProjectId (call), none (already done). */
export type Fill = 'declared' | 'call' | 'none';

/** Params of an action the spec does not know (`call()`): nothing to validate against. */
export const UNKNOWN_ACTION_PARAMS: ObjectShape = { f: {} };

const DEFAULT_FIELDS = [
  ['Region', 'region'],
  ['Zone', 'zone'],
  ['ProjectId', 'projectId'],
] as const;

/** A signed request: its form body, its wire params and (on demand) the Scrubber for its secrets. */
export class PreparedRequest {
  readonly action: string;
  readonly body: string;
  /** The wire params, signature included. */
  readonly flat: Readonly<Record<string, string>>;
  /** The keys it is signed with (a provider's may expire before a retry, or be refused). */
  readonly keys: Credentials;
  readonly #privateKey: string;
  /** @internal The structured call behind the body, handed to the transport (see TransportRequest.call). */
  readonly call: TransportCall;
  readonly #extraSecrets: readonly string[];
  #scrubber: Scrubber | undefined;

  constructor(
    action: string,
    body: string,
    flat: Readonly<Record<string, string>>,
    privateKey: string,
    extraSecrets: readonly string[],
    call: TransportCall,
    keys: Credentials,
  ) {
    this.action = action;
    this.body = body;
    this.flat = flat;
    this.keys = keys;
    this.#privateKey = privateKey;
    this.#extraSecrets = extraSecrets;
    this.call = call;
  }

  /** Scrubs what reaches an error, a hook or a log (built on first use: most calls never need it). */
  scrubber(): Scrubber {
    this.#scrubber ??= new Scrubber([...secretValues(this.flat, this.#privateKey), ...this.#extraSecrets]);
    return this.#scrubber;
  }
}

/** Fills Region/Zone/ProjectId from the config where `fill` allows and the params do not set them (mutates p). */
export function withDefaults(p: Record<string, unknown>, fill: Fill, meta: ActionMeta, config: ResolvedConfig): Record<string, unknown> {
  if (fill === 'none') return p;
  for (const [wire, option] of DEFAULT_FIELDS) {
    const value = config[option];
    if (p[wire] !== undefined || value === undefined) continue;
    if (fill === 'declared' ? meta.params.f[wire] !== undefined : wire !== 'Zone') p[wire] = value;
  }
  return p;
}

/**
 * Defaults, validation, encoding and signing with `keys` (no hook runs here). Synchronous where the runtime has
 * node:crypto; a Promise where signing goes through Web Crypto (a Worker). `options` only travel with the request
 * (TransportRequest.call).
 */
export function prepareRequest(
  meta: ActionMeta,
  params: Record<string, unknown>,
  fill: Fill,
  config: ResolvedConfig,
  extraSecrets: readonly string[],
  options: object,
  keys: Credentials,
): PreparedRequest | Promise<PreparedRequest> {
  const action = meta.action;
  const filled = withDefaults(params, fill, meta, config);
  // Checked against the spec, wire-equivalent values respelled (`Limit: '10'`); call() has nothing to check against.
  const { params: p, issues } = meta.params === UNKNOWN_ACTION_PARAMS ? { params: filled, issues: [] } : checkParams(filled, meta.params);
  if (issues.length > 0) throw new ValidationError(action, issues.map(withDefaultHint));
  try {
    const flat = flattenParams(p);
    flat.Action = action;
    flat.PublicKey = keys.publicKey;
    // Temporary keys: the token is signed like any other param (and scrubbed by its name); the public key is a secret too.
    const token = keys.securityToken();
    if (token !== undefined) flat.SecurityToken = token;
    const privateKey = keys.privateKey();
    const secrets = keys.temporary ? [...extraSecrets, keys.publicKey] : extraSecrets;
    const call = { meta, params: p, options };
    if (sha1HexSync === undefined) {
      return signAndEncodeAsync(flat, privateKey).then(
        (body) => new PreparedRequest(action, body, flat, privateKey, secrets, call, keys),
        (error: unknown) => encodeFailed(action, error),
      );
    }
    return new PreparedRequest(action, signAndEncode(flat, privateKey), flat, privateKey, secrets, call, keys);
  } catch (error) {
    return encodeFailed(action, error);
  }
}

function encodeFailed(action: string, error: unknown): never {
  if (error instanceof EncodeError) throw new ValidationError(action, [error.message], error);
  throw error;
}

function withDefaultHint(issue: string): string {
  const m = /^(Region|Zone|ProjectId): required but missing$/.exec(issue);
  if (m === null) return issue;
  const env = { Region: 'REGION', Zone: 'ZONE', ProjectId: 'PROJECT_ID' }[m[1] as 'Region'];
  const opt = { Region: 'region', Zone: 'zone', ProjectId: 'projectId' }[m[1] as 'Region'];
  return `${issue} (pass it, or set the client option \`${opt}\`, env SCLOUD_${env}, or the profile's ${opt === 'projectId' ? 'project_id' : opt})`;
}
