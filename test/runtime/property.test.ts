import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, flattenParams, formatNumber, signParams } from '../../runtime/index.js';
import { PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
let client: Client;
beforeAll(async () => {
  await server.start();
  client = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, env: {}, home: '/nonexistent' });
});
afterAll(async () => {
  client.close();
  await server.stop();
});

const key = fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,11}$/).filter((k) => !['Action', 'PublicKey', 'Signature', 'Region', 'ProjectId'].includes(k));
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
const params = fc.dictionary(key, value, { maxKeys: 8 });

describe('signer and body agree (fast-check)', () => {
  it('the server receives exactly flattenParams(params), correctly signed', async () => {
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        server.play();
        await client.call('DescribeProperty', p);
        const got = { ...server.received[0]?.params };
        expect(server.received[0]?.signatureOk).toBe(true);
        const { Signature, Action, PublicKey, Region, ProjectId, ...rest } = got;
        expect(rest).toEqual(flattenParams(p));
        expect(Signature).toBe(signParams({ ...flattenParams(p), Action: 'DescribeProperty', PublicKey: PUBLIC_KEY }, PRIVATE_KEY));
        expect([Action, PublicKey, Region, ProjectId]).toEqual(['DescribeProperty', PUBLIC_KEY, undefined, undefined]);
      }),
      { numRuns: 150 },
    );
  });

  it('numbers are plain decimals that read back to the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        const s = formatNumber(d);
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(s)).toBe(d === 0 ? 0 : d);
      }),
      { numRuns: 2_000 },
    );
  });

  it('signature does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.string(), { maxKeys: 10 }), (flat) => {
        const reversed = Object.fromEntries(Object.entries(flat).reverse());
        expect(signParams(reversed, PRIVATE_KEY)).toBe(signParams(flat, PRIVATE_KEY));
      }),
    );
  });
});
