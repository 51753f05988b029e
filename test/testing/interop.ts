/**
 * Which built-in transports the common HTTP mocking libraries intercept (the README's Testing section states this
 * table): nock and msw patch node:http and the global fetch, so they see the `http` and `fetch` transports
 * (interop-msw.test.ts says why for msw); neither sees the default `undici` one (undici's own sockets); undici's MockAgent answers the `undici` transport given as its
 * `dispatcher`, and, set as the global dispatcher, Node's global fetch too. A request no library intercepts goes
 * to a port of 127.0.0.1 where nothing listens: a NetworkError (connection refused), never another host. One file
 * per library (nock and msw cannot patch one process together): interop-nock, interop-msw, interop-mockagent.
 */
import { createServer } from 'node:net';
import { Client, NetworkError, type UndiciTransport } from '../../runtime/index.js';

/** An origin on 127.0.0.1 where nothing listens (a port just bound and released; fetch refuses well-known ones like 9). */
export async function closedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
export const ANSWER = { RetCode: 0, Action: 'DescribeUHostInstanceResponse', TotalCount: 42 };
const KEYS = { publicKey: 'pk', privateKey: 'sk', region: 'cn-bj2', env: {}, home: '/nonexistent', maxRetries: 0 };

/** 'intercepted' when the call got the mocked answer, 'not intercepted' when it reached the (closed) port. */
export async function outcome(origin: string, transport: 'undici' | 'http' | 'fetch' | UndiciTransport): Promise<string> {
  const client = new Client({ ...KEYS, baseUrl: origin, transport });
  try {
    const r = await client.call('DescribeUHostInstance', {});
    return r.TotalCount === 42 ? 'intercepted' : `unexpected ${JSON.stringify(r)}`;
  } catch (error) {
    return error instanceof NetworkError &&
      /ECONNREFUSED|connection to .* failed|refused/i.test(`${error.message} ${String((error.cause as { code?: string } | undefined)?.code)}`)
      ? 'not intercepted'
      : `failed: ${String(error)}`;
  } finally {
    client.close();
  }
}
