/**
 * A stand-in for the provider's instance metadata server on 127.0.0.1: answers GET paths from a table of routes
 * (404 for the others) and counts the requests per path. Routes can be slow, garbage or errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export const json =
  (body: unknown, code = 200): Route =>
  (_req, res) => {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
export const text =
  (body: string, code = 200): Route =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain' });
    res.end(body);
  };
export const delayed =
  (ms: number, then: Route): Route =>
  (req, res) => {
    const t = setTimeout(() => {
      if (!res.destroyed) then(req, res);
    }, ms);
    res.on('close', () => clearTimeout(t));
  };

export const V2 = '/meta-data/v2/iam/security-credentials';
export const V1 = '/meta-data/v1/uam/security-credentials';

/** An STS v2 answer (ISO 8601 expiration). */
export function v2Answer(n: number, expiration: Date, projectId = 'org-meta'): unknown {
  return {
    RetCode: 0,
    Message: '',
    Data: {
      AccessKeyId: `meta-pub-${n}`,
      AccessKeySecret: `meta-priv-${n}-xxxxxxxx`,
      SecurityToken: `meta-token-${n}-yyyyyyyy`,
      Expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      CharacterName: 'ucs:iam::60036:role/ucs-service-role/app',
      ProjectID: projectId,
      UHostID: 'uhost-1',
    },
  };
}

/** An STS v1 answer (Unix seconds). */
export function v1Answer(n: number, expiration: Date): unknown {
  return {
    RetCode: 0,
    Data: {
      PublicKey: `meta-pub-${n}`,
      PrivateKey: `meta-priv-${n}-xxxxxxxx`,
      SecurityToken: `meta-token-${n}-yyyyyyyy`,
      Expiration: Math.floor(expiration.getTime() / 1000),
      ProjectID: 'org-v1',
      CharacterName: 'app',
    },
  };
}

export class MetadataServer {
  readonly routes = new Map<string, Route>();
  readonly hits = new Map<string, number>();
  url = '';
  #server: Server | undefined;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const path = req.url ?? '';
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      (this.routes.get(path) ?? text('not found', 404))(req, res);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Forget routes and hits; region and zone answer again. */
  reset(): void {
    this.routes.clear();
    this.hits.clear();
    this.routes.set('/meta-data/latest/region', text('cn-bj2\n'));
    this.routes.set('/meta-data/latest/availability-zone', text('cn-bj2-04\n'));
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
