/**
 * One set of API keys: the key pair, and for temporary keys (STS) the security token and when they expire.
 * Secrets live in private fields: not enumerable, not in JSON, not in `util.inspect`. Temporary keys (with a
 * token, or from a credentials provider) are secrets as a whole, their public key included. (The profile files
 * are read by profile.ts; providers are credential-provider.ts.)
 */
import { REDACTED } from './redact.js';

export interface CredentialsOptions {
  /** Sent as `SecurityToken` (signed like any other param). */
  readonly securityToken?: string | undefined;
  /** When the keys stop working; a client never signs with them after it. */
  readonly expiration?: Date | undefined;
  /** The public key is a secret too (temporary keys); implied by a security token. */
  readonly temporary?: boolean | undefined;
}

export class Credentials {
  readonly #publicKey: string;
  readonly #privateKey: string;
  readonly #securityToken: string | undefined;
  /** Expiration in ms since the epoch; Infinity when the keys do not expire. */
  readonly expiresAt: number;
  /** Temporary keys: every one of them (the public key too) is a secret. */
  readonly temporary: boolean;

  constructor(publicKey: string, privateKey: string, options: CredentialsOptions = {}) {
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
    this.#securityToken = options.securityToken === '' ? undefined : options.securityToken;
    this.expiresAt = options.expiration?.getTime() ?? Infinity;
    this.temporary = options.temporary === true || this.#securityToken !== undefined;
  }

  get publicKey(): string {
    return this.#publicKey;
  }
  /** Only the signer should call this. */
  privateKey(): string {
    return this.#privateKey;
  }
  /** Only the signer should call this. */
  securityToken(): string | undefined {
    return this.#securityToken;
  }
  /** True from the expiration on. */
  expired(now = Date.now()): boolean {
    return now >= this.expiresAt;
  }
  /** The values to scrub from everything shown besides the private key: the token, and the public key of temporary keys. */
  secrets(): string[] {
    const out = [this.#privateKey];
    if (this.#securityToken !== undefined) out.push(this.#securityToken);
    if (this.temporary) out.push(this.#publicKey);
    return out;
  }
  toJSON(): object {
    const expiration = Number.isFinite(this.expiresAt) ? { expiration: new Date(this.expiresAt).toISOString() } : {};
    const token = this.#securityToken === undefined ? {} : { securityToken: REDACTED };
    return { publicKey: this.temporary ? REDACTED : this.#publicKey, privateKey: REDACTED, ...token, ...expiration };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const fields = Object.entries(this.toJSON()).map(([k, v]) => `${k}: ${v === REDACTED ? v : `'${String(v)}'`}`);
    return `Credentials { ${fields.join(', ')} }`;
  }
}
