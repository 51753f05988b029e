import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ValidationError, type ActionMeta } from '../../runtime/index.js';
import { formatNumber } from '../../runtime/sign.js';
import { checkParams } from '../../runtime/validate.js';
import { REFUSED, toWire } from '../../runtime/wire-equivalent.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

type Type = 's' | 'i' | 'n' | 'b';
/** Per declared type: inputs accepted (with the wire text they are sent as) and inputs refused. */
const TABLE: Record<Type, { accepted: [unknown, string][]; refused: unknown[] }> = {
  i: {
    accepted: [
      [10, '10'],
      [-3, '-3'],
      [0, '0'],
      [10n, '10'],
      [1e21, '1000000000000000000000'],
      ['10', '10'],
      ['+10', '10'],
      ['-10', '-10'],
      ['010', '10'],
      ['000', '0'],
      ['-0', '0'],
      ['+0', '0'],
      ['9007199254740993', '9007199254740993'],
      ['-00012345678901234567890', '-12345678901234567890'],
    ],
    refused: [
      'ten',
      '',
      ' 10',
      '10 ',
      '1.5e3',
      '1e3',
      '10.0',
      '1.5',
      '0x10',
      '1_000',
      '+',
      '-',
      '１０',
      '10n',
      'NaN',
      1.5,
      NaN,
      Infinity,
      true,
      [10],
      {},
      new Date(0),
    ],
  },
  n: {
    accepted: [
      [1.5, '1.5'],
      [10, '10'],
      [1e-7, '0.0000001'],
      ['1.5', '1.5'],
      ['-.5', '-0.5'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['2.50', '2.5'],
      ['+3', '3'],
      ['007.25', '7.25'],
      ['1e-7', '0.0000001'],
      ['1.5e3', '1500'],
      ['1E3', '1000'],
      ['-0', '0'],
    ],
    refused: ['1,5', 'NaN', 'Infinity', '-Infinity', '', ' 1', '1.2.3', '.', 'e3', '1e', '0x10', '1e400', NaN, Infinity, true, 10n, [1], {}],
  },
  b: {
    accepted: [
      [true, 'true'],
      [false, 'false'],
      ['true', 'true'],
      ['TRUE', 'true'],
      ['False', 'false'],
      ['fAlSe', 'false'],
    ],
    refused: ['1', '0', 'yes', 'no', 'on', '', ' true', 'true ', 't', 1, 0, [true], {}],
  },
  s: {
    accepted: [
      ['uhost-1', 'uhost-1'],
      ['', ''],
      [10, '10'],
      [1.5, '1.5'],
      [1e-7, '0.0000001'],
      [-0, '0'],
      [7n, '7'],
      [true, 'true'],
      [false, 'false'],
    ],
    refused: [NaN, Infinity, -Infinity, [1], {}, new Date(0), Symbol('s'), () => 1],
  },
};

/** The wire text of an accepted value, as the client sends it. */
function wireText(sent: unknown): string {
  if (typeof sent === 'number') return formatNumber(sent);
  return String(sent);
}

describe('wire-equivalent inputs, per declared type', () => {
  for (const [type, { accepted, refused }] of Object.entries(TABLE) as [Type, (typeof TABLE)[Type]][]) {
    it.each(accepted.map(([input, wire]) => [type, input, wire] as const))('%s accepts %o, sent as %s', (t, input, wire) => {
      const sent = toWire(input, t);
      expect(sent).not.toBe(REFUSED);
      expect(wireText(sent)).toBe(wire);
      const { params, issues } = checkParams({ P: input }, { f: { P: t } });
      expect(issues).toEqual([]);
      expect(wireText(params.P)).toBe(wire);
    });
    it.each(refused.map((input) => [type, input] as const))('%s refuses %o with a ValidationError issue that does not quote it', (t, input) => {
      expect(toWire(input, t)).toBe(REFUSED);
      const { issues } = checkParams({ P: input }, { f: { P: t } });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(/^P: expected (string|integer|number|boolean), got /);
      if (typeof input === 'string' && input.trim().length > 1) expect(issues[0]).not.toContain(input);
    });
  }

  it('a whole decimal string means the integer: same wire text as the number, exact beyond 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat(3), fc.boolean(), (n, zeros, plus) => {
        const text = `${n < 0n ? '-' : plus ? '+' : ''}${'0'.repeat(zeros)}${(n < 0n ? -n : n).toString()}`;
        expect(toWire(text, 'i')).toBe(n.toString());
        if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) expect(toWire(text, 'i')).toBe(formatNumber(Number(n)));
      }),
    );
  });

  it('a decimal string means the float: same wire text as the number it denotes', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const text of [String(x), x.toFixed(3), formatNumber(x)]) {
          if (!Number.isFinite(Number(text))) continue;
          expect(toWire(text, 'n')).toBe(formatNumber(Number(text)));
        }
      }),
    );
  });

  it('any other string is refused for integer, number and boolean params', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (!/^[+-]?[0-9]+$/.test(s)) expect(toWire(s, 'i')).toBe(REFUSED);
        if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) expect(toWire(s, 'n')).toBe(REFUSED);
        if (!/^(?:true|false)$/i.test(s)) expect(toWire(s, 'b')).toBe(REFUSED);
      }),
    );
  });

  it("respells at any depth without changing the caller's objects, and copies nothing when nothing changes", () => {
    const shape = { f: { Limit: 'i', Disks: [{ f: { Size: 'i', IsBoot: 'b' } }], Ids: ['i'] }, r: ['Limit'] } as const;
    const disks = [
      { Size: '040', IsBoot: 'TRUE' },
      { Size: 20, IsBoot: false },
    ];
    const ids = [1, '2'];
    const input = { Limit: '10', Disks: disks, Ids: ids, Other: '007' };
    const { params, issues } = checkParams(input, shape);
    expect(issues).toEqual([]);
    expect(params).toEqual({
      Limit: '10',
      Disks: [
        { Size: '40', IsBoot: 'true' },
        { Size: 20, IsBoot: false },
      ],
      Ids: [1, '2'],
      Other: '007',
    });
    expect(input.Disks[0]).toEqual({ Size: '040', IsBoot: 'TRUE' });
    expect(params.Disks).not.toBe(disks);
    expect((params.Disks as unknown[])[1]).toBe(disks[1]);
    expect(params.Ids).toBe(ids);
    const clean = { Limit: 10, Disks: [{ Size: 1 }] };
    expect(checkParams(clean, shape).params).toBe(clean);
  });
});

describe('wire-equivalent inputs through the client', () => {
  const server = new TestServer();
  let client: Client;
  beforeAll(async () => {
    await server.start();
    client = new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      region: 'cn-bj2',
      env: {},
      home: '/nonexistent',
      transport: 'http',
    });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });
  const META: ActionMeta = {
    action: 'DeleteUHostInstance',
    idempotent: false,
    params: { f: { Region: 's', UHostId: 's', ReleaseUDisk: 'b', Limit: 'i', Ratio: 'n' }, r: ['Region', 'UHostId'] },
  };

  it("Limit: '10' and ReleaseUDisk: 'true' are sent, signed, in the wire's spelling", async () => {
    server.play(ok());
    await client.invoke(META, { UHostId: 12345, ReleaseUDisk: 'TRUE', Limit: '010', Ratio: '1.50' });
    const [r] = server.received;
    expect(r?.signatureOk).toBe(true);
    expect(r?.params).toMatchObject({ UHostId: '12345', ReleaseUDisk: 'true', Limit: '10', Ratio: '1.5' });
  });

  it("'ten' for an integer is still a ValidationError, and nothing is sent", async () => {
    server.play();
    await expect(client.invoke(META, { UHostId: 'u', Limit: 'ten' })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.invoke(META, { UHostId: 'u', ReleaseUDisk: 'yes' })).rejects.toThrow(
      /ReleaseUDisk: expected boolean, got a string other than 'true'\/'false'/,
    );
    expect(server.attempts).toBe(0);
  });
});
