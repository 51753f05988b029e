import { describe, expect, it } from 'vitest';
import { sha1HexSync, sha1HexWeb } from '../../runtime/sha1.js';
import { EncodeError, encodeForm, flattenParams, formatNumber, signAndEncode, signAndEncodeAsync, signParams } from '../../runtime/sign.js';

const PUBLIC_KEY = 'ucloudsomeone@example.com1296235120854146120';
const PRIVATE_KEY = '46f09bb9fab4f12dfc160dae12273d5332b5debe';

describe('signParams known answers (issue 4, verbatim)', () => {
  it('1. DescribeUHostInstance', () => {
    const flat = flattenParams({ Action: 'DescribeUHostInstance', Region: 'cn-bj2', Limit: 10, PublicKey: PUBLIC_KEY });
    expect(signParams(flat, PRIVATE_KEY)).toBe('cba5cf5ec4d4233d206b1b54951e3787350a642f');
  });

  it('2. CreateUHostInstance', () => {
    const flat = flattenParams({
      Action: 'CreateUHostInstance',
      CPU: 2,
      ChargeType: 'Month',
      DiskSpace: 10,
      ImageId: 'f43736e1-65a5-4bea-ad2e-8a46e18883c2',
      LoginMode: 'Password',
      Memory: 2048,
      Name: 'Host01',
      Password: 'VUNsb3VkLmNu',
      Quantity: 1,
      Region: 'cn-bj2',
      Zone: 'cn-bj2-04',
      PublicKey: PUBLIC_KEY,
    });
    expect(signParams(flat, PRIVATE_KEY)).toBe('4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65');
  });

  it('3. AllocateBackendBatch (Backends.10 sorts before Backends.2)', () => {
    const backends = Array.from({ length: 12 }, (_, i) => ['foo', 'bar', 42][i % 3]);
    const flat = flattenParams({ Action: 'AllocateBackendBatch', Backends: backends, PublicKey: PUBLIC_KEY });
    expect(flat['Backends.11']).toBe('42');
    expect(signParams(flat, PRIVATE_KEY)).toBe('6bc32642779f8cb0bb3d3f128b1c0688abf9a1a3');
  });

  it('ignores an existing Signature key and does not depend on insertion order', () => {
    const a = { Action: 'X', B: '2', A: '1', PublicKey: PUBLIC_KEY };
    const b = { PublicKey: PUBLIC_KEY, A: '1', Action: 'X', B: '2', Signature: 'whatever' };
    expect(signParams(b, PRIVATE_KEY)).toBe(signParams(a, PRIVATE_KEY));
  });
});

describe('flattenParams', () => {
  it('flattens arrays and objects to any depth and skips undefined/null', () => {
    expect(
      flattenParams({
        Disks: [
          { Type: 'CLOUD_SSD', Size: 40, CustomBackup: { Day: 3 } },
          { Type: 'X', Gone: undefined },
        ],
        Tag: null,
        On: true,
        Off: false,
        Ids: ['a', null, 'c'],
        Deep: [[1, 2]],
      }),
    ).toEqual({
      'Disks.0.Type': 'CLOUD_SSD',
      'Disks.0.Size': '40',
      'Disks.0.CustomBackup.Day': '3',
      'Disks.1.Type': 'X',
      On: 'true',
      Off: 'false',
      'Ids.0': 'a',
      'Ids.2': 'c',
      'Deep.0.0': '1',
      'Deep.0.1': '2',
    });
  });

  it('rejects Dates, Maps, class instances and functions with the param path', () => {
    expect(() => flattenParams({ A: { When: new Date(0) } })).toThrow(/"A\.When".*Date/);
    expect(() => flattenParams({ M: new Map() })).toThrow(EncodeError);
    expect(() => flattenParams({ F: () => 1 })).toThrow(/"F": function/);
    expect(() => flattenParams({ N: Number.NaN })).toThrow(/"N": NaN/);
    expect(() => flattenParams([] as object)).toThrow(/plain object/);
  });
});

describe('formatNumber', () => {
  it.each([
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [2.0, '2'],
    [-0, '0'],
    [0.5, '0.5'],
    [-1.5e-10, '-0.00000000015'],
    [1.2345e25, '12345000000000000000000000'],
    [123.456, '123.456'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [5e-324, `0.${'0'.repeat(323)}5`],
  ])('%s -> %s', (n, s) => {
    expect(formatNumber(n)).toBe(s);
    expect(Number(s)).toBe(n === 0 ? 0 : n);
  });
});

describe('encodeForm', () => {
  it('rejects lone surrogates instead of sending a body the signature does not match', () => {
    expect(() => encodeForm({ Name: 'a\uD800b' })).toThrow(/"Name": contains a lone UTF-16 surrogate/);
  });

  it('percent-encodes UTF-8 and leaves unreserved characters alone', () => {
    const body = encodeForm({ Name: 'a b&c=d+e', 'Tag.0': '主机', X: "(*)'!", 'Plain-Key_1.~': 'v' });
    expect(body).toBe("Name=a%20b%26c%3Dd%2Be&Tag.0=%E4%B8%BB%E6%9C%BA&X=(*)'!&Plain-Key_1.~=v");
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ Name: 'a b&c=d+e', 'Tag.0': '主机', X: "(*)'!", 'Plain-Key_1.~': 'v' });
  });
});

describe('signAndEncode', () => {
  it('equals signParams + encodeForm in signing order, Signature last, escaped or not', () => {
    const cases: Record<string, string>[] = [
      { Action: 'A', B: 'plain', 'C.0': '1' },
      { Name: 'a b&c', Action: 'A', 'Tag.0': '主机', 'Backends.10': 'x', 'Backends.2': 'y' },
      {},
    ];
    for (const flat of cases) {
      const expected = { ...flat, Signature: signParams(flat, PRIVATE_KEY) };
      const sorted = Object.fromEntries(
        Object.keys(flat)
          .sort()
          .map((k) => [k, flat[k] as string]),
      );
      const copy: Record<string, string> = { ...flat };
      expect(signAndEncode(copy, PRIVATE_KEY)).toBe(encodeForm({ ...sorted, Signature: expected.Signature }));
      expect(copy).toEqual(expected);
    }
  });

  it('puts known-answer 3 on the wire in string order (Backends.10 before Backends.2)', () => {
    const flat: Record<string, string> = { Action: 'AllocateBackendBatch', PublicKey: 'ucloudsomeone@example.com1296235120854146120' };
    ['foo', 'bar', '42', 'foo', 'bar', '42', 'foo', 'bar', '42', 'foo', 'bar', '42'].forEach((v, i) => (flat[`Backends.${i}`] = v));
    const body = signAndEncode(flat, PRIVATE_KEY);
    expect(body).toMatch(/^Action=AllocateBackendBatch&Backends\.0=foo&Backends\.1=bar&Backends\.10=bar&Backends\.11=42&Backends\.2=42&/);
    expect(body.endsWith('&Signature=6bc32642779f8cb0bb3d3f128b1c0688abf9a1a3')).toBe(true);
  });
});

describe('Web Crypto signer (the way without node:crypto, as in a Worker)', () => {
  const KNOWN = [
    // issue 4's three known answers, as above, plus non-ASCII and an empty sign text
    [{ Action: 'DescribeUHostInstance', Region: 'cn-bj2', Limit: 10, PublicKey: PUBLIC_KEY }, 'cba5cf5ec4d4233d206b1b54951e3787350a642f'],
    [
      {
        Action: 'CreateUHostInstance',
        CPU: 2,
        ChargeType: 'Month',
        DiskSpace: 10,
        ImageId: 'f43736e1-65a5-4bea-ad2e-8a46e18883c2',
        LoginMode: 'Password',
        Memory: 2048,
        Name: 'Host01',
        Password: 'VUNsb3VkLmNu',
        Quantity: 1,
        Region: 'cn-bj2',
        Zone: 'cn-bj2-04',
        PublicKey: PUBLIC_KEY,
      },
      '4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65',
    ],
    [
      { Action: 'AllocateBackendBatch', Backends: Array.from({ length: 12 }, (_, i) => ['foo', 'bar', 42][i % 3]), PublicKey: PUBLIC_KEY },
      '6bc32642779f8cb0bb3d3f128b1c0688abf9a1a3',
    ],
  ] as const;

  it('gives the known answers, byte for byte the same as node:crypto', async () => {
    for (const [params, signature] of KNOWN) {
      const flat = flattenParams(params);
      let text = '';
      for (const key of Object.keys(flat).sort()) text += key + flat[key];
      expect(await sha1HexWeb(text + PRIVATE_KEY)).toBe(signature);
      expect(sha1HexSync?.(text + PRIVATE_KEY)).toBe(signature);
    }
  });

  it('agrees with node:crypto on UTF-8, empty and long texts, and on leading zero bytes of the digest', async () => {
    const texts = ['', 'a', '主机名称', 'emoji 😀 and \u00e9', 'x'.repeat(100_000), ...Array.from({ length: 200 }, (_, i) => `probe-${i}`)];
    for (const t of texts) expect(await sha1HexWeb(t)).toBe(sha1HexSync?.(t));
    // Some of the 200 probes hash to a first byte under 0x10: the hex must keep its leading 0.
    expect(texts.some((t) => sha1HexSync?.(t).startsWith('0'))).toBe(true);
  });

  it('signAndEncodeAsync where node:crypto is here is signAndEncode (its Web Crypto way: no-builtins.test.ts)', async () => {
    for (const [params] of KNOWN) {
      const a = flattenParams(params);
      const b = flattenParams(params);
      expect(await signAndEncodeAsync(a, PRIVATE_KEY)).toBe(signAndEncode(b, PRIVATE_KEY));
      expect(a).toEqual(b);
    }
  });
});
