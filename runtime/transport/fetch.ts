/**
 * Fetch transport: a user-supplied `fetch`, else the global one, else node-fetch (loaded on first use). Held to
 * the same limits as the other transports: the body is streamed and reading stops at `maxBodyBytes`, and at most
 * `maxInFlight` requests run at once (fetch has no per-origin connection cap of its own: 10 000 concurrent calls
 * would open 10 000 sockets), the rest wait in a queue that honours cancellation.
 *
 * Proxies: under Node the global fetch ignores HTTP(S)_PROXY; Bun's and Deno's fetch read them themselves.
 */
import { NetworkError } from '../errors.js';
import { importOptional } from '../optional-import.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES } from './body.js';
import { connectionFailed } from './connect-errors.js';
import { Limiter } from './limiter.js';
import { TargetCache } from './target.js';
import type { FetchLike, FetchResponseLike, Transport, TransportRequest, TransportResponse } from './types.js';

let fallback: Promise<FetchLike> | undefined;

/** setImmediate where the runtime has it (Node, Bun), else a zero timeout. */
const nextTurn: (run: () => void) => void = typeof setImmediate === 'function' ? (run) => void setImmediate(run) : (run) => void setTimeout(run, 0);

async function loadFetch(): Promise<FetchLike> {
  const global = (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof global === 'function') return global;
  fallback ??= importOptional('node-fetch')
    .then((m) => (m as { default: FetchLike }).default)
    .catch((error: unknown) => {
      fallback = undefined;
      throw new NetworkError('no global fetch and node-fetch could not be loaded; install node-fetch or pass `fetch`', false, 'ENOFETCH', { cause: error });
    });
  return fallback;
}

export interface FetchTransportOptions {
  /** A fetch implementation. Default: the global fetch, else node-fetch. */
  readonly fetch?: FetchLike | undefined;
  /** Requests in flight at once; more wait in a queue. Default 256 (as the other transports' connections). */
  readonly maxInFlight?: number | undefined;
  /** Largest body accepted. Default 16 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

/** The fetch transport: body limit and in-flight cap as described at the top of this file. */
export class FetchTransport implements Transport {
  readonly #fetch: FetchLike | undefined;
  readonly #maxBody: number;
  readonly #limiter: Limiter;
  readonly #targets = new TargetCache();

  /** `new FetchTransport(fetch)` is kept as a shorthand for `new FetchTransport({ fetch })`. */
  constructor(options: FetchTransportOptions | FetchLike = {}) {
    const o: FetchTransportOptions = typeof options === 'function' ? { fetch: options } : options;
    this.#fetch = o.fetch;
    this.#maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#limiter = new Limiter(o.maxInFlight ?? 256);
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const release = await this.#limiter.acquire(req);
    try {
      const f = this.#fetch ?? (await loadFetch());
      const { host } = this.#targets.get(req.url);
      try {
        const res = await f(req.url, { method: 'POST', headers: { ...req.headers }, body: req.body, signal: req.signal });
        const body = await readBody(res, host, this.#maxBody);
        return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, headers: () => allHeaders(res), body };
      } catch (error) {
        if (req.signal.aborted || error instanceof NetworkError) throw error;
        throw connectionFailed(host, error);
      }
    } finally {
      // On the next turn: by then fetch has put the connection back in its pool, so the next queued request reuses
      // it instead of opening another socket.
      nextTurn(release);
    }
  }
}

/** The body as text, read chunk by chunk; stops (and cancels the stream) as soon as it passes `max` bytes. */
async function readBody(res: FetchResponseLike, host: string, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  const stream = res.body as { getReader?: unknown; [Symbol.asyncIterator]?: unknown; cancel?: () => Promise<void>; destroy?: () => void } | null | undefined;
  if (declared > max) {
    await cancelStream(stream);
    throw bodyTooLarge(host, max);
  }
  if (stream === null || stream === undefined || typeof stream !== 'object') {
    // A fetch without a body stream (a test double): the limit still holds, though the text is already in memory.
    const text = await res.text();
    if (new TextEncoder().encode(text).length > max) throw bodyTooLarge(host, max);
    return text;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const add = (chunk: Uint8Array): boolean => {
    size += chunk.byteLength;
    if (size > max) return false;
    chunks.push(chunk);
    return true;
  };
  if (typeof stream.getReader === 'function') {
    const reader = (stream as unknown as ReadableStream<Uint8Array>).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (!add(r.value)) {
        await reader.cancel().catch(() => undefined);
        throw bodyTooLarge(host, max);
      }
    }
  } else {
    // node-fetch: a Node Readable.
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      if (!add(chunk)) {
        stream.destroy?.();
        throw bodyTooLarge(host, max);
      }
    }
  }
  return new TextDecoder().decode(concat(chunks, size));
}

async function cancelStream(stream: { cancel?: () => Promise<void>; destroy?: () => void } | null | undefined): Promise<void> {
  if (stream === null || stream === undefined) return;
  if (typeof stream.cancel === 'function') await stream.cancel().catch(() => undefined);
  else stream.destroy?.();
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function allHeaders(res: FetchResponseLike): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach?.((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}
