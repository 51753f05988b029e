/**
 * The API key pair. The private key lives in a private field: it is not enumerable, not in JSON, not in
 * `util.inspect`. (The profile files are read by profile.ts.)
 */

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
