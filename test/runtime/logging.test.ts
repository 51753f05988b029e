/**
 * SCLOUD_LOG / logLevel: one redacted line per attempt (action, attempt, status, duration, RetCode, request id),
 * to stderr without a logger, to the logger with one; levels filter; option beats env; bad levels are
 * ConfigErrors naming their source.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, ConfigError, type ActionMeta, type ClientConfig, type Logger } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, status, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function client(extra: Partial<ClientConfig>): Client {
  return new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    env: {},
    home: '/nonexistent',
    backoff: { baseMs: 1, capMs: 1 },
    ...extra,
  });
}

/** Runs a 503-then-OK call and a failing call; returns what console.error received. */
async function run(extra: Partial<ClientConfig>): Promise<string[]> {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const c = client(extra);
  server.play(status(503), ok({}));
  await c.call('DescribeX');
  server.play((req, res) => ok({})(req, res));
  server.play(retCode(230, 'nope', { 'x-ucloud-request-uuid': 'req-9' }));
  await c.call('DescribeX').catch(() => undefined);
  c.close();
  return spy.mock.calls.map((args) => String(args[0]));
}

describe('SCLOUD_LOG without a logger: stderr', () => {
  it('info: one line per attempt, with status, duration, RetCode and request id', async () => {
    const lines = await run({ env: { SCLOUD_LOG: 'info' } });
    expect(lines).toEqual([
      expect.stringMatching(/^scloud-sdk warn DescribeX attempt 1: HTTP 503, \d+\.\d ms, request -: HttpError: .*; retrying in \d+ ms \(HTTP 503\)$/),
      expect.stringMatching(/^scloud-sdk info DescribeX attempt 2: HTTP 200, RetCode 0, \d+\.\d ms, request -$/),
      expect.stringMatching(
        /^scloud-sdk error DescribeX attempt 1: HTTP 200, RetCode 230, \d+\.\d ms, request req-9: ApiError: DescribeX failed: RetCode 230: nope \(request req-9\); failed after 1 attempt\(s\) \(not retryable\)$/,
      ),
    ]);
  });

  it.each([
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
    ['DEBUG', ['warn', 'info', 'error']],
  ])('%s keeps only %j', async (level, kept) => {
    const lines = await run({ env: { SCLOUD_LOG: level } });
    expect(lines.map((l) => l.split(' ')[1])).toEqual(kept);
  });

  it('the logLevel option beats the env; an empty SCLOUD_LOG is unset (silent)', async () => {
    expect(await run({ env: { SCLOUD_LOG: 'debug' }, logLevel: 'silent' })).toEqual([]);
    expect((await run({ env: { SCLOUD_LOG: 'info' }, logLevel: 'error' })).map((l) => l.split(' ')[1])).toEqual(['error']);
    expect(await run({ env: { SCLOUD_LOG: '' } })).toEqual([]);
  });
});

describe('with a logger', () => {
  function capture(): { logger: Logger; lines: [string, string, Record<string, unknown> | undefined][] } {
    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const at =
      (level: string) =>
      (m: string, d?: Record<string, unknown>): void =>
        void lines.push([level, m, d]);
    return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
  }

  it('lines go to the logger (level info unless set), never to the console; data holds the same facts', async () => {
    const { logger, lines } = capture();
    const spy = vi.spyOn(console, 'error');
    server.play(ok({}));
    const c = client({ logger });
    await c.call('DescribeX');
    expect(spy).not.toHaveBeenCalled();
    expect(lines).toEqual([
      [
        'info',
        expect.stringMatching(/^DescribeX attempt 1: HTTP 200, RetCode 0, /),
        expect.objectContaining({ action: 'DescribeX', attempt: 1, status: 200, retCode: 0 }),
      ],
    ]);
    c.close();
  });

  it('debug adds the wire params, password-like values and the Signature redacted, also where repeated under another key', async () => {
    const { logger, lines } = capture();
    const c = client({ logger, logLevel: 'debug' });
    server.play(ok({}));
    const password = 'Hunter2-Secret!';
    await c.call('CreateUser', { Name: 'u', Password: password, UserData: `echo ${password}` });
    const [, message, data] = lines[0] ?? [];
    expect(message).toMatch(/; params \{.*"Password":"\[redacted\]".*"Signature":"\[redacted\]".*\}$/);
    expect(message).toContain('"UserData":"echo [redacted]"');
    expect(data?.params).toMatchObject({ Name: 'u', Password: '[redacted]', Action: 'CreateUser' });
    const all = JSON.stringify(lines);
    for (const secret of [password, PRIVATE_KEY, server.received[0]?.params.Signature ?? 'x']) expect(all).not.toContain(secret);
    c.close();
  });

  it('an error before sending is one error line; a hook that throws is a warning', async () => {
    const { logger, lines } = capture();
    const meta: ActionMeta = { action: 'CreateX', idempotent: false, params: { f: { Name: 's' }, r: ['Name'] } };
    const c = client({
      logger,
      hooks: {
        onResponse: () => {
          throw new Error('hook bug');
        },
      },
    });
    await c.invoke(meta, {}).catch(() => undefined);
    server.play(ok({}));
    await c.invoke(meta, { Name: 'n' });
    expect(lines.map(([l, m]) => `${l} ${m}`)).toEqual([
      'error CreateX failed before sending: ValidationError: invalid params for CreateX: Name: required but missing',
      'warn hook onResponse threw (ignored): hook bug',
      expect.stringMatching(/^info CreateX attempt 1: HTTP 200, RetCode 0/),
    ]);
    c.close();
  });
});

describe('bad levels', () => {
  it.each<[Partial<ClientConfig>, string]>([
    [{ env: { SCLOUD_LOG: 'verbose' } }, 'env SCLOUD_LOG must be one of debug, info, warn, error, silent, got "verbose"; use one of those or leave it unset'],
    [{ logLevel: 'loud' as never }, 'option `logLevel` must be one of debug, info, warn, error, silent, got "loud"; use one of those or leave it unset'],
    [{ logLevel: 3 as never }, 'option `logLevel` must be one of debug, info, warn, error, silent, got 3; use one of those or leave it unset'],
  ])('%j', (extra, message) => {
    expect(() => client(extra)).toThrow(new ConfigError(message));
  });
});
