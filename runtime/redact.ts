/**
 * Keeps secrets out of errors, log lines and hook payloads: the private key, the Signature and
 * password-like params (Password, AdminPassword, SecretKey, Token, ...).
 */

export const REDACTED = '[redacted]';

const SENSITIVE = /passw|passwd|secret|private.?key|signature|token|credential/i;

/** True for param names whose values must never be shown. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.test(key);
}

/** Deep copy of params with sensitive values replaced by `[redacted]`. */
export function redactParams<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactParams(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSensitiveKey(k) && v !== undefined && v !== null ? REDACTED : redactParams(v);
  return out as T;
}

/**
 * After a hook changed a redacted copy, puts the original secret back wherever the hook left `[redacted]`.
 * Returns the restored params.
 */
export function restoreSecrets(changed: unknown, original: unknown): unknown {
  if (changed === REDACTED) return original;
  if (Array.isArray(changed)) {
    return changed.map((v, i) => restoreSecrets(v, Array.isArray(original) ? original[i] : undefined));
  }
  if (changed === null || typeof changed !== 'object' || Object.getPrototypeOf(changed) !== Object.prototype) return changed;
  const orig = (original !== null && typeof original === 'object' ? original : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changed)) out[k] = restoreSecrets(v, orig[k]);
  return out;
}

/** Secret values of flat wire params (password-like keys and Signature) and the private key, for runtime/scrub.ts. */
export function secretValues(flat: Record<string, string>, privateKey: string): string[] {
  const out = [privateKey];
  for (const key of Object.keys(flat)) {
    const v = flat[key] as string;
    if (isSensitiveKey(key)) out.push(v);
  }
  return out;
}
