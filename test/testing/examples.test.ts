/**
 * The documented examples the testing kit answers unmocked calls with are the answers `scloud-gen mock` sends (one
 * source: mock/sample.ts's successBody): generated from the kit's fixture spec, each product's examples.ts holds,
 * for each action's meta, exactly the body the mock server's handler answers a valid call with; the root index
 * lists every action with its function and all the products that document it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_TEST_KEYS, MockApi } from '../../generator/mock/handler.js';
import { readSpecDir } from '../../generator/spec/io.js';
import { signParams } from '../../runtime/sign.js';
import { removeDir, runCli, tempDir } from '../emit/helpers.js';
import { KIT_SPEC } from './kit-app.js';

describe('generated examples: one source with scloud-gen mock', () => {
  const dir = tempDir('examples');
  afterAll(() => removeDir(dir));

  it('each example is the mock server answer of its action; the index names functions and every product', async () => {
    expect((await runCli(['generate', '--spec', KIT_SPEC, '--out', join(dir, 'gen'), '--no-cache'])).code).toBe(0);
    const { specs } = await readSpecDir(KIT_SPEC);
    const index = (await import(pathToFileURL(join(dir, 'gen/examples.ts')).href)) as {
      actions: Record<string, string[]>;
      loaders: Record<string, () => Promise<{ examples: [{ action: string }, string][] }>>;
    };
    expect(index.actions).toEqual({
      CreateNetworkAcl: ['createNetworkAcl', 'unet', 'vpc'],
      CreateUHostInstance: ['createUHostInstance', 'uhost'],
      DescribeUHostInstance: ['describeUHostInstance', 'uhost'],
    });
    let compared = 0;
    for (const spec of specs) {
      const { examples } = await index.loaders[spec.product]!();
      const entry = examples.find(([meta]) => meta.action === spec.action);
      expect(entry, `${spec.product}/${spec.action}`).toBeDefined();
      // The mock server (routing one product per shared name) answers this product's action when it is preferred.
      const api = new MockApi(specs, [DOCUMENTED_TEST_KEYS], [spec.product]);
      const flat: Record<string, string> = {
        Action: spec.action,
        PublicKey: DOCUMENTED_TEST_KEYS.publicKey,
        Region: 'cn-bj2',
        AclName: 'a',
        Zone: 'z',
        ImageId: 'i',
        Password: 'p',
        'Disks.0.IsBoot': 'True',
        'Disks.0.Type': 'CLOUD_SSD',
        'Disks.0.Size': '20',
      };
      flat.Signature = signParams(flat, DOCUMENTED_TEST_KEYS.privateKey);
      const served = api.handle(flat);
      expect(served.retCode, served.reason).toBe(0);
      expect(JSON.parse(entry![1])).toEqual(served.body);
      compared++;
    }
    expect(compared).toBe(4);
  });
});
