/**
 * The generated seed actions (generated/uhost, generated/uphost) through the current runtime: exactly the
 * right wire params reach a signature-checking server.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ValidationError } from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, TestServer } from './server.js';

const GENERATED = new URL('../../generated/uhost/index.ts', import.meta.url);
const present = existsSync(GENERATED) && existsSync(new URL('../../generated/uphost/index.ts', import.meta.url));
if (!present) console.log('skipped: generated/uhost or generated/uphost not found (run npm run generate)');

describe.skipIf(!present)('generated seed actions on the wire', () => {
  const server = new TestServer();
  // The current runtime/ Client: generated/runtime is a verbatim copy of it, but its private fields make the two
  // classes distinct to the type checker, hence the `as never` casts below.
  let client: Client;
  beforeAll(async () => {
    await server.start();
    client = new Client({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      region: 'cn-bj2',
      zone: 'cn-bj2-04',
      projectId: 'org-1',
      env: {},
      home: '/nonexistent',
    });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('uhost.createCustomImage', async () => {
    const { createCustomImage } = await import('../../generated/uhost/index.js');
    server.play(ok({ ImageId: 'uimage-1' }));
    const res = await createCustomImage(client as never, { UHostId: 'uhost-1', ImageName: 'web', DataUDiskIds: ['bs-1', 'bs-2'] });
    expect(res.ImageId).toBe('uimage-1');
    const { Signature, ...wire } = server.received[0]?.params ?? {};
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(Signature).toMatch(/^[0-9a-f]{40}$/);
    expect(wire).toEqual({
      Action: 'CreateCustomImage',
      PublicKey: PUBLIC_KEY,
      Region: 'cn-bj2',
      Zone: 'cn-bj2-04',
      ProjectId: 'org-1',
      UHostId: 'uhost-1',
      ImageName: 'web',
      'DataUDiskIds.0': 'bs-1',
      'DataUDiskIds.1': 'bs-2',
    });
  });

  it('uphost.createPHostImage', async () => {
    const { createPHostImage } = await import('../../generated/uphost/index.js');
    server.play(ok({ ImageId: 'pimg-1' }));
    await createPHostImage(client as never, { PHostId: 'uphost-1', ImageName: 'img', ImageDescription: 'd e' });
    const { Signature: _sig, ...wire } = server.received[0]?.params ?? {};
    expect(server.received[0]?.signatureOk).toBe(true);
    expect(wire).toEqual({
      Action: 'CreatePHostImage',
      PublicKey: PUBLIC_KEY,
      Region: 'cn-bj2',
      Zone: 'cn-bj2-04',
      ProjectId: 'org-1',
      PHostId: 'uphost-1',
      ImageName: 'img',
      ImageDescription: 'd e',
    });
  });

  it('a missing required param of a seed action is caught before sending', async () => {
    const { createPHostImage } = await import('../../generated/uphost/index.js');
    server.play();
    const noZone = new Client({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, region: 'cn-bj2', env: {}, home: '/nonexistent' });
    const e = await createPHostImage(noZone as never, { PHostId: 'p', ImageName: 'i' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues).toEqual([expect.stringMatching(/^Zone: required but missing \(pass it, or set the client option `zone`/)]);
    expect(server.attempts).toBe(0);
    noZone.close();
  });
});
