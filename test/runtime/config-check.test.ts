/**
 * Config validated: every value from options, env and profile files is type-checked and bounded, errors name
 * the source (option, env variable, or file:line:col with profile and key) and the fix, and syntax errors in a
 * profile file never quote its content. Each finding of issue 9 is a case here.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, ConfigError, resolveConfig, type ClientConfig } from '../../runtime/index.js';
import { resolveHome } from '../../runtime/config.js';
import { scanJson } from '../../runtime/json-scan.js';

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function home(config?: unknown, credential?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'scloud-cfg-'));
  homes.push(dir);
  mkdirSync(join(dir, '.ucloud'));
  const write = (name: string, v: unknown): void => writeFileSync(join(dir, '.ucloud', name), typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  if (config !== undefined) write('config.json', config);
  if (credential !== undefined) write('credential.json', credential);
  return dir;
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const KEY = 'Zq7Xk2Pv9Lm4Rt8Wn3Ys6Ub1Hd5Jc0Fg';
const CRED = [{ profile: 'default', public_key: 'pub', private_key: KEY }];

describe('profile file syntax errors: file, line and column, never the content', () => {
  const broken: [string, string, RegExp][] = [
    ['single quotes', `[{"profile":"default",\n "private_key":'${KEY}'}]`, /:2:16: not valid JSON: expected a value .*found a single quote/],
    ['trailing comma', `[{"profile":"default","private_key":"${KEY}"},]`, /:1:\d+: not valid JSON: expected a value .*found a closing '\]'/],
    [
      'unclosed array',
      `[{"profile":"default","private_key":"${KEY}"}`,
      /:1:\d+: not valid JSON: expected ',' or '\]' after an array element, found the end of the file/,
    ],
    ['bad escape', `[{"private_key":"${KEY}\\x"}]`, /:1:\d+: not valid JSON: an invalid escape inside a string/],
    ['unquoted value', `[{"private_key":${KEY}}]`, /:1:17: not valid JSON: expected a value .*found a letter/],
    ['line break in a string', `[{"private_key":"${KEY.slice(0, 10)}\n${KEY.slice(10)}"}]`, /:1:\d+: not valid JSON: a control character .*inside a string/],
    [
      'missing comma',
      `[{"profile":"default"\n  "private_key":"${KEY}"}]`,
      /:2:3: not valid JSON: expected ',' or '\}' after a property value, found a double quote/,
    ],
  ];
  it.each(broken)('%s', (_name, text, where) => {
    const e = thrown(() => resolveConfig({ env: {}, home: home(undefined, text) }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(where);
    expect(e.message).toMatch(/credential\.json:\d+:\d+: .*; fix the file .* or remove it$/);
    const shown = inspect(e, { depth: 10 });
    for (let i = 0; i + 4 <= KEY.length; i++) expect(shown).not.toContain(KEY.slice(i, i + 4));
  });

  it('skips a byte-order mark', () => {
    const c = resolveConfig({ env: {}, home: home(undefined, `\ufeff${JSON.stringify(CRED)}`) });
    expect(c.credentials?.privateKey()).toBe(KEY);
  });

  it('the scanner accepts exactly what JSON.parse accepts (fast-check)', () => {
    const valid = (t: string): boolean => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    };
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '"', "'", '}', ']', '{', '[', ':', '\\', '\n', 'x', '1', '-', '.', 'e', ' ', '\u0001'), fc.nat(3))
      .map(([t, at, insert, del]) => {
        const i = at % (t.length + 1);
        return t.slice(0, i) + insert + t.slice(i + del);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (t) => {
        expect(scanJson(t).error === undefined).toBe(valid(t));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('profile values are type-checked and named by file, line, profile and key', () => {
  it.each([
    [{ region: 42 }, /config\.json:5:5: profile "default": region must be a string, found 42; fix the value or remove the key/],
    [{ timeout_sec: 'abc' }, /config\.json:5:5: profile "default": timeout_sec must be a number of seconds from 0\.001 to 3600, found a string/],
    [{ timeout_sec: 0 }, /timeout_sec must be a number of seconds from 0\.001 to 3600, found 0/],
    [{ max_retry_times: 2.5 }, /max_retry_times must be a whole number from 0 to 100, found 2\.5/],
    [{ max_retry_times: 1e9 }, /max_retry_times must be a whole number from 0 to 100, found 1000000000/],
    [{ active: 'yes' }, /config\.json:4:5: entry 1: active must be a boolean, found a string/],
  ])('%j', (fields, message) => {
    const e = thrown(() => resolveConfig({ env: {}, home: home([{ profile: 'default', active: true, ...fields }], CRED) }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/option/);
  });

  it('a bad base_url names the file, line, profile and key, not an option', () => {
    const e = thrown(() => resolveConfig({ env: {}, home: home([{ profile: 'default', base_url: 'ftp://x' }], CRED) }));
    expect(e.message).toMatch(/config\.json:4:5 \(profile "default", key base_url\) must be an http\(s\) URL, got scheme ftp:; use http:\/\/ or https:\/\//);
  });

  it('an entry that is not an object, a non-string private key', () => {
    expect(thrown(() => resolveConfig({ env: {}, home: home(undefined, [...CRED, 'oops']) })).message).toMatch(
      /credential\.json:7:3: entry 2 must be an object, found a string/,
    );
    const e = thrown(() => resolveConfig({ env: {}, home: home(undefined, [{ profile: 'default', public_key: 'p', private_key: 12345678 }]) }));
    expect(e.message).toMatch(/credential\.json:5:5: profile "default": private_key must be a string, found 12345678/);
  });

  it('max_retry_times (the CLI field) is honoured as maxRetries; the option still wins', () => {
    const h = home([{ profile: 'default', max_retry_times: 7, timeout_sec: 2.5 }], CRED);
    expect([resolveConfig({ env: {}, home: h }).maxRetries, resolveConfig({ env: {}, home: h }).timeout]).toEqual([7, 2_500]);
    expect(resolveConfig({ env: {}, home: h, maxRetries: 1 }).maxRetries).toBe(1);
    expect(resolveConfig({ env: {}, home: h, maxRetries: 0 }).maxRetries).toBe(0);
  });
});

describe('which profile, which home', () => {
  it('a missing active profile is named, with how it was chosen and the other profiles', () => {
    const h = home(
      [
        { profile: 'default', region: 'cn-bj2' },
        { profile: 'work', active: true, region: 'hk' },
      ],
      [{ profile: 'default', public_key: 'p', private_key: 'k' }],
    );
    const e = thrown(() => resolveConfig({ env: {}, home: h }));
    expect(e.message).toMatch(
      /^no SCloud credentials found: profile "work" \(marked active in .*config\.json\) has no keys: .*credential\.json has no entry for it; add them there, or pick another profile \(default\) with SCLOUD_PROFILE\./,
    );
    // keys from the env: the active profile still gives the region
    expect(resolveConfig({ env: { SCLOUD_PUBLIC_KEY: 'a', SCLOUD_PRIVATE_KEY: 'b' }, home: h }).region).toBe('hk');
  });

  it('an empty SCLOUD_PROFILE (or option) means unset, not profile ""', () => {
    const h = home([{ profile: 'work', active: true }], [{ profile: 'work', public_key: 'a', private_key: 'b' }]);
    for (const c of [resolveConfig({ env: { SCLOUD_PROFILE: '' }, home: h }), resolveConfig({ env: { UCLOUD_PROFILE: '' }, home: h, profile: '' })]) {
      expect(c.credentialSource).toMatch(/^profile work /);
    }
  });

  it('a requested profile names its origin', () => {
    const h = home([{ profile: 'work' }], [{ profile: 'work', public_key: 'a', private_key: 'b' }]);
    expect(thrown(() => resolveConfig({ env: { SCLOUD_PROFILE: 'prod' }, home: h })).message).toMatch(
      /^profile "prod" \(from env SCLOUD_PROFILE\) is not in .*; pick one of: work$/,
    );
  });

  it('an empty HOME means os.homedir() (or the user database), never ./.ucloud', () => {
    expect(resolveHome(undefined, { HOME: '' })).toBe(homedir() === '' ? undefined : homedir());
    expect(resolveHome(undefined, { HOME: '/h' })).toBe('/h');
    expect(resolveHome('/opt', { HOME: '/h' })).toBe('/opt');
    const e = thrown(() => resolveConfig({ env: { HOME: '' }, home: undefined, profile: 'surely-not-a-profile-name' }));
    const path = /(\S+)[/\\]\.ucloud[/\\]config\.json/.exec(e.message)?.[1];
    if (path !== undefined) expect(isAbsolute(path)).toBe(true);
  });
});

describe('option and call-option bounds', () => {
  const base: ClientConfig = { publicKey: 'p', privateKey: 'k', env: {}, home: '/nonexistent' };
  it.each<[Partial<ClientConfig>, RegExp]>([
    [{ maxRetries: 1e9 }, /^option `maxRetries` must be a whole number from 0 to 100, got 1000000000; pass a value in that range/],
    [{ maxRetries: 1.5 }, /option `maxRetries` must be a whole number from 0 to 100, got 1\.5/],
    [{ timeout: 0 }, /^option `timeout` must be a number of milliseconds from 1 to 3600000, got 0/],
    [{ timeout: Infinity }, /option `timeout` must be .* got Infinity/],
    [{ timeout: 1e10 }, /option `timeout` must be .* got 10000000000/],
    [{ backoff: { baseMs: -5 } }, /^option `backoff`\.baseMs must be a number of milliseconds from 0 to 3600000, got -5/],
    [{ backoff: { capMs: NaN } }, /option `backoff`\.capMs must be .* got NaN/],
    [{ backoff: { baseMs: 900, capMs: 100 } }, /^option `backoff` has baseMs 900 above capMs 100; make baseMs <= capMs/],
    [{ region: 42 as unknown as string }, /^option `region` must be a string, got a number; pass a string or leave it unset$/],
    [{ privateKey: 12345678 as unknown as string }, /^option `privateKey` must be a string, got a number/],
    [{ userAgent: 'app\r\nX-Evil: 1' }, /^option `userAgent` contains a control character/],
    [
      { logger: { debug: () => undefined } as never },
      /^option `logger`\.info must be a function, got a undefined; give the object all of debug, info, warn, error/,
    ],
    [{ hooks: { onRetry: 'no' } as never }, /^option `hooks`\.onRetry must be a function, got a string/],
    [{ transport: 'bogus' as never }, /^option `transport` must be 'undici', 'http', 'fetch' or a Transport object, got a string/],
    [{ transport: {} as never }, /^option `transport`\.send must be a function/],
  ])('%j', (extra, message) => {
    const e = thrown(() => new Client({ ...base, ...extra }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('12345678');
  });

  it('per-call timeout and maxRetries are checked before anything is sent', async () => {
    let sent = 0;
    const c = new Client({
      ...base,
      transport: {
        send: async () => {
          sent++;
          return { status: 200, header: () => undefined, body: '{"RetCode":0}' };
        },
      },
    });
    await expect(c.call('DescribeX', {}, { timeout: -1 })).rejects.toThrow(/^call option `timeout` must be a number of milliseconds from 1 to 3600000, got -1/);
    await expect(c.call('DescribeX', {}, { maxRetries: 101 })).rejects.toThrow(/^call option `maxRetries` must be a whole number from 0 to 100, got 101/);
    expect(sent).toBe(0);
  });

  it('an env base URL names the variable; it is not quoted', () => {
    const e = thrown(() => resolveConfig({ ...base, env: { SCLOUD_BASE_URL: 'not a url with a secret' } }));
    expect(e.message).toBe('env SCLOUD_BASE_URL is not a valid URL; pass a full URL such as https://api.scloudsg.com');
  });
});
