/**
 * Secrets in every form: the Scrubber's rule on known answers, then the whole client against a real loopback
 * server that echoes the request back raw, URL-encoded (`%20` and `+`), JSON-escaped, HTML-escaped and cut,
 * in error pages, API messages and success bodies; with fixed and with random secrets (fast-check).
 */
import fc from 'fast-check';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type ClientConfig, type ProvidedCredentials, type Transport } from '../../runtime/index.js';
import { FRAGMENT_CHARS, Scrubber } from '../../runtime/scrub.js';
import { PRIVATE_KEY, PUBLIC_KEY, retCode, TestServer, type Step } from './server.js';

const server = new TestServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const jsonInner = (s: string): string => JSON.stringify(s).slice(1, -1);
const asciiJson = (s: string): string => jsonInner(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const formPlus = (s: string): string => new URLSearchParams({ x: s }).toString().slice(2);
/** Every encoding a server might echo a value in (a test oracle independent of the Scrubber). */
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  uri: encodeURIComponent,
  plus: formPlus,
  lowerHex: (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  json: jsonInner,
  asciiJson,
  html: htmlEscape,
};

/** The forms of `secret` (whole, and prefixes/suffixes of >= 8 code points) found in `text`. */
function leaks(text: string, secret: string): string[] {
  const points = Array.from(secret);
  const pieces = new Set([secret]);
  for (let n = FRAGMENT_CHARS; n < points.length; n++) {
    pieces.add(points.slice(0, n).join(''));
    pieces.add(points.slice(points.length - n).join(''));
  }
  const found: string[] = [];
  for (const piece of pieces) {
    for (const [name, encode] of Object.entries(ENCODINGS)) if (text.includes(encode(piece))) found.push(`${name}(${JSON.stringify(piece)})`);
  }
  return found;
}

describe('Scrubber (known answers)', () => {
  const secret = 'p@ss w+rd/"q\\&=é中😀!';
  const s = new Scrubber([secret]);

  it.each(Object.entries(ENCODINGS))('replaces the %s form, and only it', (_name, encode) => {
    expect(s.text(`before ${encode(secret)} after`)).toBe('before [redacted] after');
  });

  it('matches partly escaped text and mixed hex case', () => {
    expect(s.text('x=p%40ss+w%2brd/%22q%5C%26%3D%C3%A9中%f0%9f%98%80!&y=1')).toBe('x=[redacted]&y=1');
  });

  it('redacts prefix and suffix pieces of 8 characters or more, anywhere; shorter pieces stay', () => {
    const key = '46f09bb9fab4f12dfc160dae12273d5332b5debe';
    const k = new Scrubber([key]);
    expect(k.text(`cut: ${key.slice(0, 12)}... and ...${key.slice(-9)} end`)).toBe('cut: [redacted]... and ...[redacted] end');
    expect(k.text(`short ${key.slice(0, FRAGMENT_CHARS - 1)} and middle ${key.slice(10, 30)}`)).toBe(
      `short ${key.slice(0, 7)} and middle ${key.slice(10, 30)}`,
    );
    expect(k.text(encodeURIComponent(`"${key.slice(0, 8)}`))).toBe('%22[redacted]');
  });

  it('ignores secrets under 4 characters and leaves text without secrets as it is', () => {
    expect(new Scrubber(['abc']).text('abc abc')).toBe('abc abc');
    expect(s.text('nothing %zz \\q &bogus; + here')).toBe('nothing %zz \\q &bogus; + here');
  });

  it('scrubs before cutting: an excerpt never ends in a piece of a secret', () => {
    const key = '46f09bb9fab4f12dfc160dae12273d5332b5debe';
    const k = new Scrubber([key]);
    for (let pad = 480; pad <= 512; pad++) {
      const excerpt = k.excerpt(`${'x'.repeat(pad)}${encodeURIComponent(key)}${'y'.repeat(100)}`, 512);
      expect(excerpt.length).toBeLessThanOrEqual(512);
      expect(leaks(excerpt, key)).toEqual([]);
      expect(excerpt.slice(0, pad)).toBe('x'.repeat(pad));
    }
  });

  it('deep: the same object when no string holds a secret, else a scrubbed copy (keys too)', () => {
    const clean = { RetCode: 0, Set: [{ Name: 'a+b', Tag: 'c%20d' }], Note: null };
    expect(s.deep(clean)).toBe(clean);
    const dirty = { RetCode: 0, Set: [{ Name: `x ${jsonInner(secret)}` }], [secret]: 1 };
    expect(s.deep(dirty)).toEqual({ RetCode: 0, Set: [{ Name: 'x [redacted]' }], '[redacted]': 1 });
  });

  it('errors: a clean error is kept as is; one holding a secret is copied with message, stack and causes scrubbed', () => {
    const clean = new Error('fine');
    expect(s.error(clean)).toBe(clean);
    const dirty = Object.assign(new Error(`boom ${secret}`, { cause: new Error(`inner ${encodeURIComponent(secret)}`) }), { code: 'EX' });
    const copy = s.error(dirty) as Error & { code?: string; cause?: Error };
    expect([copy.message, copy.code, copy.name, copy.cause?.message]).toEqual(['boom [redacted]', 'EX', 'Error', 'inner [redacted]']);
    expect(leaks(inspect(copy, { depth: 10 }), secret)).toEqual([]);
  });
});

const SECRET = 'p@ss w+rd/"q\\&=é中!';

/** Echo steps: what a server that echoes the request may answer, in each encoding and place. */
function echo(mode: string, cut = 0): Step {
  return (req, res) => {
    const params = req.params;
    const pw = params.Password ?? '';
    const send = (code: number, type: string, body: string): void => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    const form = new URLSearchParams(params).toString();
    switch (mode) {
      case 'form-503':
        return send(
          503,
          'text/plain',
          `echo ${Object.entries(params)
            .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
            .join('&')} key=${PRIVATE_KEY}`,
        );
      case 'plus-api':
        return send(200, 'application/json', JSON.stringify({ RetCode: 230, Message: `bad request: ${form}` }));
      case 'json-500':
        return send(500, 'application/json', JSON.stringify({ echo: params }));
      case 'json-in-ok':
        return send(200, 'application/json', JSON.stringify({ RetCode: 0, Echo: JSON.stringify(params) }));
      case 'raw-in-ok':
        return send(200, 'application/json', JSON.stringify({ RetCode: 0, Note: `set to ${pw}`, [pw]: 'as a key' }));
      case 'html-200':
        return send(200, 'text/html', `<p>${htmlEscape(pw)} ${params.Signature ?? ''}</p>`);
      case 'cut-api':
        return send(
          200,
          'application/json',
          JSON.stringify({
            RetCode: 230,
            Message: `password '${Array.from(pw)
              .slice(0, Math.max(FRAGMENT_CHARS, cut % Array.from(pw).length))
              .join('')}...' is weak`,
          }),
        );
      case 'long-503':
        return send(503, 'text/plain', `${'.'.repeat(cut)}${form}`);
      default:
        throw new Error(mode);
    }
  };
}
const MODES = ['form-503', 'plus-api', 'json-500', 'json-in-ok', 'raw-in-ok', 'html-200', 'cut-api', 'long-503'];

/** One call with every observer attached; returns everything a user could see. */
async function observe(password: string, step: Step, extra: Partial<ClientConfig> = {}): Promise<string[]> {
  const seen: string[] = [];
  const line = (m: string, d?: unknown): void => void seen.push(m, JSON.stringify(d ?? {}));
  const c = new Client({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: server.url,
    env: {},
    home: '/nonexistent',
    backoff: { baseMs: 1, capMs: 1 },
    logger: { debug: line, info: line, warn: line, error: line },
    hooks: {
      onResponse: (ctx) => void seen.push(JSON.stringify(ctx.body), inspect(ctx.body, { depth: 10 })),
      onRetry: (ctx) => void seen.push(ctx.error.message, inspect(ctx.error, { depth: 10 })),
      onError: (ctx) => void seen.push(ctx.error.message, inspect(ctx.error, { depth: 10 })),
    },
    ...extra,
  });
  server.play(step, step);
  try {
    await c.call('DescribeThing', { Password: password, Name: 'n' }, { maxRetries: 1 });
  } catch (error) {
    const e = error as Error & { body?: string; apiMessage?: string };
    seen.push(e.message, e.body ?? '', e.apiMessage ?? '', inspect(e, { depth: 10 }), String(e.stack));
  } finally {
    c.close();
  }
  return seen;
}

describe('secrets echoed by a real server never reach errors, logs or hooks', () => {
  it.each(MODES)('%s', async (mode) => {
    const seen = await observe(SECRET, echo(mode, 40));
    const signature = server.received[0]?.params.Signature ?? '';
    expect(server.received[0]?.params.Password).toBe(SECRET); // the real value was sent
    const all = seen.join('\n');
    for (const secret of [SECRET, signature, PRIVATE_KEY]) expect(leaks(all, secret)).toEqual([]);
  });

  it('a transport error holding the body is scrubbed in the message and in the cause', async () => {
    const transport: Transport = { send: async (req) => Promise.reject(new Error(`cannot send ${req.body}`)) };
    const seen = await observe(SECRET, echo('form-503'), { transport });
    const all = seen.join('\n');
    expect(all).toContain('transport failed: Error: cannot send');
    expect(leaks(all, SECRET)).toEqual([]);
  });

  it('random secrets of special characters, every echo form (fast-check)', async () => {
    const unit = fc.constantFrom(...'abcXYZ019 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~éß中\t'.split(''), '😀');
    const secret = fc
      .array(unit, { minLength: 9, maxLength: 24 })
      .map((a) => a.join(''))
      .filter((s) => new Set(s).size >= 6);
    await fc.assert(
      fc.asyncProperty(secret, fc.constantFrom(...MODES), fc.integer({ min: 0, max: 600 }), async (pw, mode, cut) => {
        const seen = await observe(pw, echo(mode, cut));
        const all = seen.join('\n');
        const signature = server.received[0]?.params.Signature ?? '';
        for (const s of [pw, signature, PRIVATE_KEY]) expect(leaks(all, s)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});

/**
 * Temporary keys: the public key, the private key and the security token of a provider's keys are secrets like
 * the private key. The server echoes the params (PublicKey, SecurityToken, Signature) in every form, and one of
 * the three secrets in the places it echoes a password; everything a user can see is captured: errors (message,
 * cause, inspect, stack), log lines and data at debug level (so every level), hooks, the client's settings and
 * inspect form. Then the provider fails with an error that quotes the keys it replaces (in some encoding).
 */
async function observeTemporary(
  keys: { publicKey: string; privateKey: string; securityToken: string },
  echoed: string,
  mode: string,
  cut: number,
): Promise<string[]> {
  const seen: string[] = [];
  const line = (m: string, d?: unknown): void => void seen.push(m, JSON.stringify(d ?? {}));
  server.keys.set(keys.publicKey, { privateKey: keys.privateKey, securityToken: keys.securityToken });
  let renewals = 0;
  const provider = async (): Promise<ProvidedCredentials> => {
    if (renewals++ === 0) return { ...keys, expiration: new Date(Date.now() + 3_600_000) };
    const encode = Object.values(ENCODINGS)[renewals % Object.keys(ENCODINGS).length] as (s: string) => string;
    throw new Error(`cannot renew ${encode(keys.securityToken)} / ${encode(keys.privateKey)} of ${encode(keys.publicKey)}`);
  };
  const c = new Client({
    credentials: provider,
    baseUrl: server.url,
    env: {},
    home: '/nonexistent',
    backoff: { baseMs: 1, capMs: 1 },
    logLevel: 'debug',
    logger: { debug: line, info: line, warn: line, error: line },
    hooks: {
      onRequest: (ctx) => void seen.push(JSON.stringify(ctx.params)),
      onResponse: (ctx) => void seen.push(JSON.stringify(ctx.body), inspect(ctx.body, { depth: 10 })),
      onRetry: (ctx) => void seen.push(ctx.error.message, inspect(ctx.error, { depth: 10 })),
      onError: (ctx) => void seen.push(ctx.error.message, inspect(ctx.error, { depth: 10 })),
    },
  });
  const step: Step = (req, res) => echo(mode, cut)({ ...req, params: { ...req.params, Password: echoed } }, res);
  const capture = (e: Error & { body?: string; apiMessage?: string }): void => {
    seen.push(e.message, e.body ?? '', e.apiMessage ?? '', inspect(e, { depth: 10 }), String(e.stack), JSON.stringify(e));
  };
  try {
    server.play(step, step);
    await c.call('DescribeThing', { Name: 'n' }, { maxRetries: 1 }).catch(capture);
    server.play(retCode(174, `token ${keys.securityToken} not exist`)); // refused: the renewal fails, quoting the old keys
    await c.call('DescribeThing', { Name: 'n' }).catch(capture);
    seen.push(JSON.stringify(c.settings), inspect(c.settings), inspect(c, { depth: 10 }));
  } finally {
    c.close();
  }
  return seen;
}

describe('temporary keys and tokens never reach errors, logs, hooks, settings or inspect', () => {
  const unit = fc.constantFrom(...'abcXYZ019 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~éß中\t'.split(''), '😀');
  const secret = fc
    .array(unit, { minLength: 9, maxLength: 24 })
    .map((a) => a.join(''))
    .filter((s) => new Set(s).size >= 6);

  it.each(MODES)('%s, fixed keys', async (mode) => {
    const keys = { publicKey: 'TMPpub+/=key@x1', privateKey: 'tmp priv/"key"&=é中', securityToken: 'sts.token+/=ABC#123' };
    for (const echoed of Object.values(keys)) {
      const all = (await observeTemporary(keys, echoed, mode, 40)).join('\n');
      expect(server.received.length).toBeGreaterThan(0);
      for (const s of Object.values(keys)) expect(leaks(all, s)).toEqual([]);
      expect(all).toContain('[redacted]');
    }
  });

  it('random keys and tokens of special characters, every echo form (fast-check)', async () => {
    const keys = fc.record({ publicKey: secret, privateKey: secret, securityToken: secret }).filter((k) => new Set(Object.values(k)).size === 3);
    await fc.assert(
      fc.asyncProperty(
        keys,
        fc.constantFrom('publicKey', 'privateKey', 'securityToken') as fc.Arbitrary<'publicKey'>,
        fc.constantFrom(...MODES),
        fc.integer({ min: 0, max: 600 }),
        async (k, which, mode, cut) => {
          const all = (await observeTemporary(k, k[which], mode, cut)).join('\n');
          const signatures = server.received.map((r) => r.params.Signature ?? '');
          for (const s of [...Object.values(k), ...signatures]) expect(leaks(all, s)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
