/** Response bodies: the size limit every transport enforces, and the text they hand back. */
import { NetworkError } from '../errors.js';

/** Largest response body a transport accepts unless told otherwise: 16 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 2 ** 20;

/** The `code` of the NetworkError for a body over the limit (never retried: the next answer would be as large). */
export const BODY_TOO_LARGE = 'EBODYTOOLARGE';

/** The NetworkError for a response body over the transport's limit. */
export function bodyTooLarge(host: string, maxBytes: number): NetworkError {
  return new NetworkError(
    `response from ${host} exceeds ${maxBytes} bytes; pass a transport with a larger maxBodyBytes if such answers are expected`,
    true,
    BODY_TOO_LARGE,
  );
}

/** A response body's chunks as UTF-8 text (no copy for the usual single chunk). */
export function utf8(chunks: readonly Buffer[]): string {
  return chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
}
