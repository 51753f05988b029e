/**
 * Default transport on Node: an undici Agent driven through `dispatch` with a handler object, so a response is
 * collected straight from the parser without a stream per request. About twice the throughput of node:http with
 * a keep-alive agent on loopback (BENCHMARKS.md). undici is loaded on the first request, never at import time:
 * importing the SDK, or using another transport, does not pay its load time (about 0.1 s on Node 20).
 */
import type { Dispatcher } from 'undici';
import { ConfigError, NetworkError } from '../errors.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES, utf8 } from './body.js';
import { connectionFailed, proxyRefusal } from './connect-errors.js';
import { loadUndici } from './undici-load.js';
import { TargetCache } from './target.js';
import type { Transport, TransportRequest, TransportResponse } from './types.js';

export interface UndiciTransportOptions {
  /** Connections per origin. Default 256. */
  readonly connections?: number | undefined;
  /** Largest body accepted. Default 16 MiB. */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Idle keep-alive connections are closed after this long, unless the server's `Keep-Alive: timeout` hint is
   * shorter. Default 4 000 ms: below the usual 5-60 s server and load balancer idle limits.
   */
  readonly keepAliveTimeoutMs?: number | undefined;
  /**
   * Send every request through this HTTP(S) proxy (`http://[user:password@]host:port`): an undici ProxyAgent,
   * absolute-URI requests for http targets, a CONNECT tunnel for https ones. The client sets it from its `proxy`
   * option or HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
   */
  readonly proxy?: string | undefined;
  /** Your own undici dispatcher (a ProxyAgent, a MockAgent...); the options above are then not used. */
  readonly dispatcher?: Dispatcher | undefined;
}

export class UndiciTransport implements Transport {
  readonly #options: UndiciTransportOptions;
  readonly #maxBody: number;
  #dispatcher: Dispatcher | undefined;
  #loading: Promise<Dispatcher> | undefined;
  readonly #targets = new TargetCache();

  constructor(options: UndiciTransportOptions = {}) {
    this.#options = options;
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#dispatcher = options.dispatcher;
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const dispatcher = this.#dispatcher;
    if (dispatcher !== undefined) return this.#dispatch(dispatcher, req);
    return this.#load().then((d) => this.#dispatch(d, req));
  }

  /** Closes the connections; the next request opens new ones (as node:http's Agent#destroy allows). */
  close(): void {
    if (this.#options.dispatcher !== undefined) return; // the caller's dispatcher is the caller's to close
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    this.#loading = undefined;
    dispatcher?.destroy().catch(() => undefined);
  }

  #load(): Promise<Dispatcher> {
    const keepAlive = this.#options.keepAliveTimeoutMs ?? 4_000;
    this.#loading ??= loadUndici().then((load) => {
      if (!load.ok) {
        this.#loading = undefined;
        throw new ConfigError(`the undici transport cannot run: ${load.why}; ${load.fix}`, { cause: load.cause });
      }
      const options = {
        connections: this.#options.connections ?? 256,
        // A server's `Keep-Alive: timeout=N` hint (less 2 s) is used when it is shorter; the max caps longer ones.
        keepAliveTimeout: keepAlive,
        keepAliveMaxTimeout: keepAlive,
        // The client's per-attempt timeout covers connect, headers and body; undici's own would cut in at 300 s.
        headersTimeout: 0,
        bodyTimeout: 0,
      };
      const proxy = this.#options.proxy;
      // proxyTunnel false: plain absolute-URI requests to http targets, as forward proxies expect; https is tunnelled.
      this.#dispatcher = proxy === undefined ? new load.undici.Agent(options) : new load.undici.ProxyAgent({ ...options, uri: proxy, proxyTunnel: false });
      return this.#dispatcher;
    });
    return this.#loading;
  }

  #dispatch(dispatcher: Dispatcher, req: TransportRequest): Promise<TransportResponse> {
    const target = this.#targets.get(req.url);
    return new Promise((resolve, reject) => {
      const handler = new Collector(target.host, this.#maxBody, resolve, reject);
      if (req.onCancel !== undefined) req.onCancel((reason) => handler.cancel(reason));
      else handler.follow(req.signal);
      dispatcher.dispatch({ origin: target.origin, path: target.path, method: 'POST', headers: req.headers, body: req.body }, handler);
    });
  }
}

/**
 * Collects one response. Settles exactly once: with the response, with the transport error, or with the cancel
 * reason (at once, even while the request still waits for a connection; undici drops it when it gets one).
 */
class Collector implements Dispatcher.DispatchHandler {
  #settled = false;
  #controller: Dispatcher.DispatchController | undefined;
  #cancelled: Error | undefined;
  #status = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #chunks: Buffer[] = [];
  #size = 0;
  #signal: AbortSignal | undefined;
  readonly #host: string;
  readonly #maxBody: number;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: unknown) => void;

  constructor(host: string, maxBody: number, resolve: (response: TransportResponse) => void, reject: (error: unknown) => void) {
    this.#host = host;
    this.#maxBody = maxBody;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** For transport callers that offer only `signal` (the client offers the cheaper `onCancel`). */
  follow(signal: AbortSignal): void {
    if (signal.aborted) {
      this.cancel(signal.reason as Error);
      return;
    }
    this.#signal = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  /** EventListener interface: the followed signal fired. */
  handleEvent(): void {
    this.cancel((this.#signal?.reason as Error | undefined) ?? new Error('aborted'));
  }

  cancel(reason: Error): void {
    if (this.#settled) return;
    this.#cancelled = reason;
    this.#settle(); // first: undici may report the abort to onResponseError synchronously
    this.#reject(reason);
    this.#controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // undici may start a request again after a connection failed before anything was written.
    this.#controller = controller;
    if (this.#cancelled !== undefined) controller.abort(this.#cancelled);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status < 200) return; // 1xx informational: the real response follows
    this.#status = status;
    this.#headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#maxBody) {
      controller.abort(bodyTooLarge(this.#host, this.#maxBody));
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settle();
    const chunks = this.#chunks;
    const headers = this.#headers;
    this.#resolve({
      status: this.#status,
      header: (name) => first(headers[name]),
      headers: () => joined(headers),
      body: utf8(chunks),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.#settled) return;
    this.#settle();
    if (error instanceof NetworkError) {
      this.#reject(error);
      return;
    }
    // Before onRequestStart the request never reached a connection.
    this.#reject(proxyRefusal(this.#host, error) ?? connectionFailed(this.#host, error, this.#controller !== undefined));
  }

  #settle(): void {
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this);
    this.#signal = undefined;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function joined(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = typeof value === 'string' ? value : value.join(', ');
  return out;
}
