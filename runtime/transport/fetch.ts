/**
 * Fetch transport: a user-supplied `fetch`, else the global one, else node-fetch (loaded on first use).
 */
import { NetworkError } from '../errors.js';
import { connectionFailed } from './connect-errors.js';
import { TargetCache } from './target.js';
import type { FetchLike, Transport, TransportRequest, TransportResponse } from './types.js';

let fallback: Promise<FetchLike> | undefined;

async function loadFetch(): Promise<FetchLike> {
  const global = (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof global === 'function') return global;
  fallback ??= import('node-fetch').then((m) => m.default as unknown as FetchLike).catch((error: unknown) => {
    fallback = undefined;
    throw new NetworkError('no global fetch and node-fetch could not be loaded; install node-fetch or pass `fetch`', false, 'ENOFETCH', { cause: error });
  });
  return fallback;
}

export class FetchTransport implements Transport {
  readonly #fetch: FetchLike | undefined;
  readonly #targets = new TargetCache();
  constructor(fetchImpl?: FetchLike) {
    this.#fetch = fetchImpl;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const f = this.#fetch ?? (await loadFetch());
    const { host } = this.#targets.get(req.url);
    try {
      const res = await f(req.url, { method: 'POST', headers: { ...req.headers }, body: req.body, signal: req.signal });
      const body = await res.text();
      return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, body };
    } catch (error) {
      if (req.signal.aborted) throw error;
      throw connectionFailed(host, error);
    }
  }
}
