import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Logger } from '../../runtime/index.js';
import { PRIVATE_KEY, PUBLIC_KEY, retCode, status, TestServer } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

const PASSWORD = 'S3cret-Pa55word!';

describe('no secrets in errors, logs or hook payloads', () => {
  it('scrubs the private key, the Signature and passwords everywhere', async () => {
    const seen: unknown[] = [];
    const logger: Logger = {
      debug: (m, d) => seen.push(m, d),
      info: (m, d) => seen.push(m, d),
      warn: (m, d) => seen.push(m, d),
      error: (m, d) => seen.push(m, d),
    };
    const c = new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      env: {},
      home: '/nonexistent',
      logger,
      backoff: { baseMs: 1, capMs: 2 },
      hooks: {
        onRequest: (ctx) => {
          seen.push(structuredClone(ctx));
          ctx.params.Name = 'renamed-by-hook';
        },
        onResponse: (ctx) => seen.push(ctx),
        onRetry: (ctx) => seen.push(ctx, ctx.error.message),
        onError: (ctx) => seen.push(ctx, ctx.error.message),
      },
    });
    // The server echoes the whole request body (with Signature and Password) in its error pages.
    server.fallback = (req, res) => status(503, new URLSearchParams(req.params).toString() + ` key=${PRIVATE_KEY}`)(req, res);
    server.play();
    let error: unknown;
    try {
      await c.call('DescribeThing', { Name: 'n', Password: PASSWORD, Nested: [{ AdminPassword: PASSWORD }] }, { maxRetries: 1 });
    } catch (e) {
      error = e;
    } finally {
      server.fallback = (req, res) => retCode(0)(req, res);
    }
    const signature = server.received[0]?.params.Signature ?? '';
    expect(server.received[0]?.params).toMatchObject({ Name: 'renamed-by-hook', Password: PASSWORD, 'Nested.0.AdminPassword': PASSWORD });
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(server.attempts).toBe(2);
    const everything = [
      inspect(seen, { depth: 10 }),
      JSON.stringify(seen),
      inspect(error, { depth: 10 }),
      String((error as Error).stack),
      inspect(c, { depth: 10 }),
      JSON.stringify(c.settings),
    ].join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).toContain('DescribeThing');
    for (const secret of [PRIVATE_KEY, signature, PASSWORD]) expect(everything).not.toContain(secret);
    expect(seen[0]).toMatchObject({ params: { Password: '[redacted]', Nested: [{ AdminPassword: '[redacted]' }] } });
    c.close();
  });

  it('scrubs secrets echoed in a non-JSON body, cause chain included', async () => {
    server.play((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>${req.params.Password ?? ''} ${req.params.Signature ?? ''}</html>`);
    });
    const c = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, env: {}, home: '/nonexistent' });
    const e = await c.call('CreateUser', { Password: PASSWORD }).catch((err: Error) => err);
    const text = inspect(e, { depth: 10 });
    expect(text).toContain('<html>[redacted] [redacted]</html>');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(server.received[0]?.params.Signature ?? 'x');
    c.close();
  });

  it('scrubs secrets echoed in an API error message', async () => {
    server.play((req, res) => retCode(230, `bad password ${req.params.Password ?? ''}`)(req, res));
    const c = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, env: {}, home: '/nonexistent' });
    const e = await c.call('CreateUser', { Password: PASSWORD }).catch((err: Error) => err);
    expect((e as Error).message).toBe('CreateUser failed: RetCode 230: bad password [redacted]');
    c.close();
  });
});
