/** The pluggable transport: one POST of a form body, answered with status, headers and text. */
import type { ActionMeta } from '../meta.js';

/**
 * @internal The call behind a request, as the client saw it before encoding: for in-process transports (the
 * testing kit, `runtime/testing/`), which answer by action and params instead of parsing the signed body.
 */
export interface TransportCall {
  readonly meta: ActionMeta;
  /** The params sent: defaults filled, after the onRequest hook, validated. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The call options as passed (CallOptions or RawCallOptions). */
  readonly options: object;
}

export interface TransportRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Fires on per-attempt timeout or caller abort; the transport must stop and reject. */
  readonly signal: AbortSignal;
  /** Optional cheaper alternative to `signal` offered by the client: `listener` runs once on cancellation. */
  onCancel?(listener: (reason: Error) => void): void;
  /** @internal The structured call (see TransportCall); network transports ignore it. */
  readonly call?: TransportCall | undefined;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case header lookup. */
  header(name: string): string | undefined;
  /** Every header, lower-case names (repeated ones joined with `, `); optional for your own transports. */
  headers?(): Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Rejects with a NetworkError (set `sent: false` only when the request certainly never left) or with anything
 * at all after `signal` fired (the client turns that into TimeoutError/AbortError).
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Frees sockets; optional. */
  close?(): void;
}

/**
 * The response subset the fetch transport uses. `body` (a WHATWG ReadableStream, or node-fetch's Node stream) is
 * read chunk by chunk so the body limit holds; without it `text()` is used.
 */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null; forEach?(callback: (value: string, name: string) => void): void };
  readonly body?: unknown;
  text(): Promise<string>;
}

/** The subset of the WHATWG fetch API the fetch transport uses. */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
  },
) => Promise<FetchResponseLike>;
