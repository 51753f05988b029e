/**
 * SHA-1 as lowercase hex, for the request signature: node:crypto where the runtime has it (Node, Bun, Deno;
 * synchronous), Web Crypto where it does not (a Worker; asynchronous). Both give the same digest of the UTF-8 text.
 * @internal
 */
import { nodeBuiltin } from './platform.js';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;

/** The synchronous digest, or undefined where the runtime has no node:crypto (use {@link sha1HexWeb} there). */
export const sha1HexSync: ((text: string) => string) | undefined = nodeSha1();

function nodeSha1(): ((text: string) => string) | undefined {
  const crypto = nodeBuiltin('node:crypto');
  if (crypto === undefined) return undefined;
  // `crypto.hash` (Node >= 20.12) is a one-shot digest, faster than createHash for short inputs.
  const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
  return oneShot === undefined ? (text) => crypto.createHash('sha1').update(text, 'utf8').digest('hex') : (text) => oneShot('sha1', text, 'hex');
}

/** The digest through Web Crypto (`crypto.subtle`), which every runtime with fetch has. */
export async function sha1HexWeb(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return hex;
}
