/**
 * A real node:http server on 127.0.0.1 (ephemeral port) for runtime tests: verifies the signature of every
 * request with the runtime's signParams and the private key of its PublicKey (unknown key or bad signature ->
 * RetCode 171; a temporary key without its SecurityToken, or past its expiration -> 174) and plays a script of
 * answers/faults, one per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signParams } from '../../runtime/sign.js';

export const PUBLIC_KEY = 'ucloudsomeone@example.com1296235120854146120';
export const PRIVATE_KEY = '46f09bb9fab4f12dfc160dae12273d5332b5debe';

/** A key pair the server accepts; temporary keys need their token and stop working at `expiresAt` (ms). */
export interface ServerKey {
  readonly privateKey: string;
  readonly securityToken?: string;
  readonly expiresAt?: number;
}

export interface Received {
  readonly params: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
  readonly signatureOk: boolean;
  readonly at: number;
}

export type Step = (req: Received, res: ServerResponse) => void;

export const ok =
  (body: Record<string, unknown> = {}): Step =>
  (req, res) =>
    json(res, 200, { RetCode: 0, Action: `${req.params.Action ?? ''}Response`, ...body });
export const retCode =
  (code: number, message = 'scripted failure', headers: Record<string, string> = {}): Step =>
  (_req, res) =>
    json(res, 200, { RetCode: code, Message: message }, headers);
export const status =
  (code: number, body = 'unavailable', headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };
export const text =
  (body: string, type = 'text/html'): Step =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
export const slow =
  (ms: number, then: Step = ok()): Step =>
  (req, res) => {
    const t = setTimeout(() => {
      if (!res.destroyed) then(req, res);
    }, ms);
    res.on('close', () => clearTimeout(t));
  };
export const reset = (): Step => (_req, res) => res.socket?.resetAndDestroy();

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export class TestServer {
  readonly received: Received[] = [];
  /** The keys it accepts, by public key. */
  readonly keys = new Map<string, ServerKey>([[PUBLIC_KEY, { privateKey: PRIVATE_KEY }]]);
  script: Step[] = [];
  fallback: Step = ok();
  #server: Server | undefined;
  url = '';
  /** TCP connections accepted so far. */
  connections = 0;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.keepAliveTimeout = 5_000;
    this.#server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /**
   * When set, only the requests it accepts are recorded and answered from the script; the others get the fallback.
   * For a test whose script must not be taken by a request that arrives late from an earlier test (one its
   * deadline cut while the request was on its way). `play` clears it.
   */
  accept: ((params: Record<string, string>) => boolean) | undefined;

  /** Forget what was received and play `steps` for the next requests, then the fallback. */
  play(...steps: Step[]): void {
    this.received.length = 0;
    this.script = steps;
    this.accept = undefined;
  }

  get attempts(): number {
    return this.received.length;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const { Signature, ...rest } = params;
      const key = this.keys.get(rest.PublicKey ?? '');
      const signatureOk = Signature !== undefined && key !== undefined && Signature === signParams(rest, key.privateKey);
      const r: Received = { params, headers: req.headers, signatureOk, at: Date.now() };
      if (this.accept !== undefined && !this.accept(params)) return this.fallback(r, res);
      this.received.push(r);
      if (!signatureOk) return retCode(171, 'Signature VerifyAC Error')(r, res);
      if (key?.securityToken !== undefined && (rest.SecurityToken !== key.securityToken || Date.now() >= (key.expiresAt ?? Infinity))) {
        return retCode(174, 'Token not exist')(r, res);
      }
      (this.script.shift() ?? this.fallback)(r, res);
    });
  }
}
