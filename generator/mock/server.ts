/**
 * The mock API server (node:http): form-encoded POST (what the client sends), GET query strings and JSON
 * bodies are all accepted; every answer is HTTP 200 JSON with a RetCode, as the real API does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flattenParams } from '../../runtime/sign.js';
import { UsageError } from '../diagnostics.js';
import { DEFAULTS } from '../options.js';
import type { ActionSpec } from '../spec/model.js';
import { DOCUMENTED_TEST_KEYS, MockApi, type KeyPair, type Outcome } from './handler.js';
import type { Routing } from './routing.js';

export interface MockServerOptions {
  specs: readonly ActionSpec[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the mock is for local tests, not for the network. */
  host?: string;
  /** Accepted key pairs; default the documented test keys. */
  keys?: readonly KeyPair[];
  /** Products answering an action name that several products document (ids or folders); default: the first product id. */
  prefer?: readonly string[];
  /** One line per request (default: none). Lines hold method, action, RetCode, time, reason: never params or keys. */
  log?: (line: string) => void;
}

export interface MockServer {
  /** `http://127.0.0.1:<port>`: pass as the client's baseUrl. */
  url: string;
  port: number;
  /** Which spec answers each action name, and the names several products share. */
  routing: Routing;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const api = new MockApi(options.specs, options.keys ?? [DOCUMENTED_TEST_KEYS], options.prefer ?? []);
  const log = options.log;
  const server = createServer((req, res) => {
    const started = performance.now();
    void serve(api, req, res).then((outcome) => {
      if (log === undefined) return;
      const ms = (performance.now() - started).toFixed(1);
      log(
        `${new Date().toISOString()} ${req.method ?? '?'} ${outcome.product === undefined ? '' : `${outcome.product}/`}${outcome.action} RetCode=${outcome.retCode} ${ms}ms${outcome.reason === undefined ? '' : ` (${outcome.reason})`}`,
      );
    });
  });
  const host = options.host ?? DEFAULTS.mockHost;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(new UsageError(`scloud-gen mock: port ${options.port} on ${host} is in use; pass another --port (0 picks a free one)`));
      else if (e.code === 'EADDRNOTAVAIL') reject(new UsageError(`scloud-gen mock: cannot bind ${host}: no such local address; try --host 127.0.0.1`));
      else reject(e);
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    routing: api.routing,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(api: MockApi, req: IncomingMessage, res: ServerResponse): Promise<Outcome> {
  let outcome: Outcome;
  try {
    const flat = await readParams(req);
    outcome = api.handle(flat);
  } catch (e) {
    const message = e instanceof BadRequest ? e.message : 'internal error in the mock';
    outcome = { retCode: 230, action: '-', reason: message, body: { RetCode: 230, Message: message } };
  }
  const text = JSON.stringify(outcome.body);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ucloud-request-uuid': randomUUID(),
  });
  res.end(text);
  return outcome;
}

class BadRequest extends Error {}

/** Query string params merged with the body's (form or JSON); body wins on a clash. */
async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const flat: Record<string, string> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.length === 0) return flat;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BadRequest('request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('JSON body must be an object of params');
    return { ...flat, ...flattenParams(parsed) };
  }
  return { ...flat, ...Object.fromEntries(new URLSearchParams(body)) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BadRequest(`request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
