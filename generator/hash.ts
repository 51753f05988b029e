/** The one hash of the generator: file contents, cache keys, manifests. */
import { hash } from 'node:crypto';

/** Hex SHA-1 (the one-shot `crypto.hash`: no Hash object per call, for the thousands of files of a build). */
export function sha1(text: string | Buffer): string {
  return hash('sha1', text, 'hex');
}
