import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, isIdempotentAction, paginate, type ActionMeta } from '../../runtime/index.js';
import { READ_VERBS, WRITE_VERBS } from '../../runtime/idempotency.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const server = new TestServer();
let client: Client;
beforeAll(async () => {
  await server.start();
  client = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, region: 'cn-bj2', env: {}, home: '/nonexistent' });
});
afterAll(async () => {
  client.close();
  await server.stop();
});

const META: ActionMeta = { action: 'DescribeImage', idempotent: true, params: { f: { Region: 's', Offset: 'i', Limit: 'i' }, r: ['Region'] } };

describe('paginate', () => {
  it('walks Offset/Limit pages until TotalCount', async () => {
    const all = Array.from({ length: 250 }, (_, i) => ({ ImageId: `uimage-${i}` }));
    server.fallback = (req, res) => {
      const offset = Number(req.params.Offset);
      const limit = Number(req.params.Limit);
      ok({ TotalCount: all.length, ImageSet: all.slice(offset, offset + limit) })(req, res);
    };
    server.play();
    const ids: string[] = [];
    for await (const image of paginate<{ ImageId: string }>(client, META, { Limit: 100 }, 'ImageSet')) ids.push(image.ImageId);
    expect(ids).toEqual(all.map((a) => a.ImageId));
    expect(server.received.map((r) => [r.params.Offset, r.params.Limit, r.params.Region])).toEqual([
      ['0', '100', 'cn-bj2'],
      ['100', '100', 'cn-bj2'],
      ['200', '100', 'cn-bj2'],
    ]);
    server.play();
    const first: string[] = [];
    for await (const image of paginate<{ ImageId: string }>(client, META, { Offset: 240, Limit: 5 }, 'ImageSet')) first.push(image.ImageId);
    expect(first).toHaveLength(10);
    expect(server.attempts).toBe(2);
    server.fallback = ok();
  });

  it('stops on an empty page even without TotalCount', async () => {
    server.play(ok({ ImageSet: [{ ImageId: 'a' }] }), ok({ ImageSet: [] }));
    const got: unknown[] = [];
    for await (const x of paginate(client, META, { Limit: 1 }, 'ImageSet')) got.push(x);
    expect(got).toHaveLength(1);
    expect(server.attempts).toBe(2);
  });
});

describe('verb rule for call() of unknown actions', () => {
  it("is the parser's rule", async () => {
    const parser = await import('../../generator/parse/idempotency.js');
    for (const verb of [...READ_VERBS, ...WRITE_VERBS, 'Frobnicate', 'Fetch', 'Count', 'Verify', 'Preview', 'Test']) {
      expect(isIdempotentAction(`${verb}Thing`), verb).toBe(parser.isIdempotent(`${verb}Thing`));
    }
  });

  it.each([
    ['DescribeUHostInstance', true],
    ['GetUHostInstancePrice', true],
    ['ListThings', true],
    ['CheckX', true],
    ['QueryY', true],
    ['CreateUHostInstance', false],
    ['AllocateEIP', false],
    ['DeleteX', false],
    ['ModifyName', false],
    ['FrobnicateX', false],
    ['', false],
  ])('%s -> %s', (action, expected) => {
    expect(isIdempotentAction(action)).toBe(expected);
  });
});
