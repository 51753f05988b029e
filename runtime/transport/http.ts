/**
 * node:http / node:https with a keep-alive Agent (`transport: 'http'`). No dependency and nothing to load on the
 * first call, so it suits short scripts; the default undici transport has about twice its throughput (BENCHMARKS.md).
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { NetworkError } from '../errors.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES, utf8 } from './body.js';
import { connectionFailed, errorCode } from './connect-errors.js';
import { TargetCache } from './target.js';
import { nodeHttp, type NodeHttp } from './node-http.js';
import type { Transport, TransportRequest, TransportResponse } from './types.js';

export interface HttpTransportOptions {
  /** Sockets per host. Default 256. */
  readonly maxSockets?: number | undefined;
  /** Largest body accepted. Default 16 MiB. */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Idle keep-alive sockets are closed after this long. Default 4 000 ms: below the usual 5-60 s server and load
   * balancer idle limits, so a request is rarely written to a socket the server is closing (which would surface as
   * a reset that is not retried for non-idempotent actions).
   */
  readonly freeSocketTimeoutMs?: number | undefined;
}

export class HttpTransport implements Transport {
  readonly #modules: NodeHttp;
  readonly #http: HttpAgent;
  readonly #https: HttpsAgent;
  readonly #maxBody: number;
  readonly #targets = new TargetCache();

  constructor(options: HttpTransportOptions = {}) {
    const { http, https } = (this.#modules = nodeHttp());
    // `timeout` on an Agent only destroys sockets that sit idle in the pool; requests in flight are not affected.
    const agent = { keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: 'lifo' as const, timeout: options.freeSocketTimeoutMs ?? 4_000 };
    this.#http = new http.Agent(agent);
    this.#https = new https.Agent(agent);
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  send(req: TransportRequest): Promise<TransportResponse> {
    const target = this.#targets.get(req.url);
    // A string body (not a Buffer) lets node:http send head and body in one write instead of a writev of two.
    const length = Buffer.byteLength(req.body, 'utf8');
    return new Promise((resolve, reject) => {
      const r = (target.https ? this.#modules.https.request : this.#modules.http.request)({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: 'POST',
        agent: target.https ? this.#https : this.#http,
        signal: req.onCancel === undefined ? req.signal : undefined,
        headers: { ...req.headers, 'content-length': String(length) },
      });
      let done = false;
      // After the response ended the socket belongs to the pool again: a late cancel must not touch it.
      req.onCancel?.((reason) => {
        if (!done) r.destroy(reason);
      });
      // A NetworkError is ours (the body limit, raised through res.destroy); anything else is the connection's.
      r.on('error', (error) => reject(error instanceof NetworkError ? error : connectionFailed(target.host, error)));
      r.on('response', (res) =>
        this.#read(
          res,
          target.host,
          (response) => {
            done = true;
            resolve(response);
          },
          reject,
        ),
      );
      r.end(req.body, 'utf8');
    });
  }

  #read(res: IncomingMessage, host: string, resolve: (r: TransportResponse) => void, reject: (e: unknown) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.#maxBody) {
        res.destroy(bodyTooLarge(host, this.#maxBody));
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', (error) =>
      reject(
        error instanceof NetworkError
          ? error
          : new NetworkError(`response from ${host} broke off: ${errorCode(error) ?? error.message}`, true, errorCode(error), { cause: error }),
      ),
    );
    res.on('end', () => {
      const raw = res.rawHeaders;
      resolve({
        status: res.statusCode ?? 0,
        // Looked up in rawHeaders: cheaper than res.headers, which builds an object of every header first.
        header: (name) => rawHeader(raw, name),
        headers: () => rawHeaders(raw),
        body: utf8(chunks),
      });
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

/** A header from node's flat [name, value, name, value...] list, case-insensitive; the first one wins (as node does for retry-after and content-type). */
function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

/** Every header of node's flat list, lower-case names, repeated ones joined with `, `. */
function rawHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const key = (raw[i] as string).toLowerCase();
    out[key] = out[key] === undefined ? (raw[i + 1] as string) : `${out[key]}, ${raw[i + 1] as string}`;
  }
  return out;
}
