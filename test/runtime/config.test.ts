import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BASE_URL, resolveConfig } from '../../runtime/index.js';

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function home(config?: unknown[], credential?: unknown[] | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scloud-home-'));
  homes.push(dir);
  mkdirSync(join(dir, '.ucloud'));
  if (config !== undefined) writeFileSync(join(dir, '.ucloud', 'config.json'), JSON.stringify(config));
  if (credential !== undefined)
    writeFileSync(join(dir, '.ucloud', 'credential.json'), typeof credential === 'string' ? credential : JSON.stringify(credential));
  return dir;
}

const PROFILES = home(
  [
    { profile: 'default', active: false, project_id: 'org-default', region: 'cn-bj2', zone: 'cn-bj2-02', base_url: 'https://file.example/', timeout_sec: 15 },
    { profile: 'work', active: true, project_id: 'org-work', region: 'hk', zone: 'hk-02' },
  ],
  [
    { profile: 'default', public_key: 'file-pub-default', private_key: 'file-priv-default' },
    { profile: 'work', public_key: 'file-pub-work', private_key: 'file-priv-work' },
  ],
);

describe('config precedence: options, then SCLOUD_*, then UCLOUD_*, then ~/.ucloud', () => {
  it('uses the active profile from the files when nothing else is set', () => {
    const c = resolveConfig({ env: {}, home: PROFILES });
    expect([c.credentials?.publicKey, c.credentials?.privateKey(), c.region, c.zone, c.projectId]).toEqual([
      'file-pub-work',
      'file-priv-work',
      'hk',
      'hk-02',
      'org-work',
    ]);
    expect(c.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(c.credentialSource).toMatch(/^profile work/);
  });

  it('the profile option (or SCLOUD_PROFILE) picks another profile, with base_url and timeout_sec', () => {
    for (const c of [resolveConfig({ env: {}, home: PROFILES, profile: 'default' }), resolveConfig({ env: { SCLOUD_PROFILE: 'default' }, home: PROFILES })]) {
      expect([c.credentials?.publicKey, c.region, c.projectId, c.baseUrl, c.timeout]).toEqual([
        'file-pub-default',
        'cn-bj2',
        'org-default',
        'https://file.example/',
        15_000,
      ]);
    }
    expect(() => resolveConfig({ env: {}, home: PROFILES, profile: 'nope' })).toThrow(
      /profile "nope" \(from option `profile`\) is not in .*pick one of: default, work/,
    );
  });

  it('UCLOUD_* beats the files, SCLOUD_* beats UCLOUD_*, options beat everything (per value)', () => {
    const env = {
      UCLOUD_PUBLIC_KEY: 'u-pub',
      UCLOUD_PRIVATE_KEY: 'u-priv',
      UCLOUD_REGION: 'u-region',
      UCLOUD_PROJECT_ID: 'u-proj',
      SCLOUD_REGION: 's-region',
      SCLOUD_BASE_URL: 'http://s.example',
    };
    const c = resolveConfig({ env, home: PROFILES });
    expect([c.credentials?.publicKey, c.credentials?.privateKey(), c.region, c.projectId, c.zone, c.baseUrl]).toEqual([
      'u-pub',
      'u-priv',
      's-region',
      'u-proj',
      undefined,
      'http://s.example',
    ]);
    expect(c.credentialSource).toBe('env UCLOUD_*');
    // the profile's zone hk-02 belongs to its region hk, not to s-region from the env
    expect(resolveConfig({ env: { SCLOUD_ZONE: 's-zone', UCLOUD_REGION: 'u-region' }, home: PROFILES }).zone).toBe('s-zone');
    const o = resolveConfig({
      env: { ...env, SCLOUD_PUBLIC_KEY: 's-pub', SCLOUD_PRIVATE_KEY: 's-priv' },
      home: PROFILES,
      publicKey: 'o-pub',
      privateKey: 'o-priv',
      region: 'o-region',
      timeout: 5,
    });
    expect([o.credentials?.publicKey, o.credentials?.privateKey(), o.region, o.timeout, o.maxRetries]).toEqual(['o-pub', 'o-priv', 'o-region', 5, 3]);
    const s = resolveConfig({ env: { ...env, SCLOUD_PUBLIC_KEY: 's-pub', SCLOUD_PRIVATE_KEY: 's-priv' }, home: PROFILES });
    expect(s.credentials?.publicKey).toBe('s-pub');
  });

  it('no credentials: an error naming every source tried', () => {
    const e = (() => {
      try {
        resolveConfig({ env: {}, home: home() });
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected ConfigError');
    })();
    expect(e).toBeInstanceOf(ConfigError);
    for (const source of ['options publicKey/privateKey', 'SCLOUD_PUBLIC_KEY', 'UCLOUD_PUBLIC_KEY', 'credential.json', 'config.json'])
      expect(e.message).toContain(source);
  });

  it('half a key pair, malformed files and bad options are ConfigErrors that say what to fix', () => {
    expect(() => resolveConfig({ env: { SCLOUD_PUBLIC_KEY: 'p' }, home: home() })).toThrow(
      /env SCLOUD_\* sets only one of publicKey\/privateKey \(privateKey is missing\)/,
    );
    expect(() => resolveConfig({ env: {}, home: home(undefined, '{oops') })).toThrow(
      /credential\.json:1:2: not valid JSON: expected a property name in double quotes, found a letter/,
    );
    expect(() => resolveConfig({ env: {}, home: home(undefined, '{}') })).toThrow(/credential\.json:1:1: must hold a JSON array of profiles/);
    expect(() => resolveConfig({ env: {}, home: PROFILES, maxRetries: -1 })).toThrow(/option `maxRetries` must be a whole number from 0 to 100, got -1/);
    expect(() => resolveConfig({ env: {}, home: PROFILES, baseUrl: 'ftp://x' })).toThrow(/option `baseUrl` must be an http\(s\) URL, got scheme ftp:/);
    expect(resolveConfig({ env: {}, home: PROFILES, maxRetries: 0 }).maxRetries).toBe(0);
  });

  it('does not read the profile files when options and env give everything', () => {
    const c = resolveConfig({ publicKey: 'p', privateKey: 'k', region: 'r', projectId: 'x', baseUrl: 'http://a', env: {}, home: home(undefined, '{broken') });
    expect(c.credentials?.publicKey).toBe('p');
  });
});
