import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_TEST_KEYS, missingParams } from '../../generator/mock/handler.js';
import { successBody } from '../../generator/mock/sample.js';
import { describeShared, routeActions, unusedPreferences } from '../../generator/mock/routing.js';
import { startMockServer, type MockServer } from '../../generator/mock/server.js';
import { parseDocs } from '../../generator/engine/library.js';
import { serializeSpec } from '../../generator/spec/io.js';
import { ApiError, Client } from '../../runtime/index.js';
import { encodeForm, flattenParams, signParams } from '../../runtime/sign.js';
import { createCustomImage, describeUHostInstance } from './spec-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { publicKey, privateKey } = DOCUMENTED_TEST_KEYS;

/** A signed form POST built with the runtime's own flatten + sign. */
async function post(url: string, params: object, key = privateKey, pub = publicKey): Promise<Record<string, unknown>> {
  const flat: Record<string, string> = { ...flattenParams(params), PublicKey: pub };
  flat.Signature = signParams(flat, key);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encodeForm(flat) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('startMockServer', () => {
  let server: MockServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startMockServer({ specs: [createCustomImage(), describeUHostInstance()], log: (l) => lines.push(l) });
  });
  afterAll(() => server.close());

  it('binds 127.0.0.1 on an ephemeral port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('a valid signed call returns the response example', async () => {
    const body = await post(server.url, { Action: 'CreateCustomImage', Region: 'cn-bj2', UHostId: 'uhost-1', ImageName: 'web', DataUDiskIds: ['bs-1'] });
    expect(body).toEqual({ Action: 'CreateCustomImageResponse', ImageId: 'uimage-xxx', DataSnapshotIds: ['hoSgBxwr'], RetCode: 0 });
  });

  it('builds the body from the response schema when there is no example', async () => {
    const body = await post(server.url, { Action: 'DescribeUHostInstance', Region: 'cn-bj2' });
    expect(body).toMatchObject({ RetCode: 0, Action: 'DescribeUHostInstanceResponse', TotalCount: 1 });
    expect(body.UHostSet).toEqual([{ UHostId: 'UHostId-example', CPU: 1, Tags: { Key: 'Key-example' }, DiskSet: [{ DiskId: 'DiskId-example', Size: 1 }] }]);
  });

  it('a wrong private key gets RetCode 171', async () => {
    const body = await post(server.url, { Action: 'CreateCustomImage', Region: 'cn-bj2', UHostId: 'u', ImageName: 'n' }, 'wrong-private-key');
    expect(body.RetCode).toBe(171);
    expect(String(body.Message)).not.toContain(privateKey);
  });

  it('an unknown public key or a missing signature gets 171', async () => {
    expect((await post(server.url, { Action: 'CreateCustomImage' }, privateKey, 'someone-else')).RetCode).toBe(171);
    const res = await fetch(server.url, { method: 'POST', body: new URLSearchParams({ Action: 'CreateCustomImage', PublicKey: publicKey }) });
    expect(((await res.json()) as { RetCode: number }).RetCode).toBe(171);
  });

  it('an unknown action gets 161, a missing Action 160', async () => {
    expect((await post(server.url, { Action: 'NoSuchAction', Region: 'cn-bj2' })).RetCode).toBe(161);
    const missing = await post(server.url, { Region: 'cn-bj2' });
    expect(missing.RetCode).toBe(160);
    expect(missing.Action).toBeUndefined();
  });

  it('a missing required param gets the param error naming it', async () => {
    const body = await post(server.url, { Action: 'CreateCustomImage', Region: 'cn-bj2', ImageName: 'web' });
    expect(body.RetCode).toBe(230);
    expect(body.Message).toContain('Missing params [UHostId]');
    expect(body.Action).toBe('CreateCustomImageResponse');
  });

  it('accepts GET query strings and JSON bodies too', async () => {
    const flat = { Action: 'DescribeUHostInstance', Region: 'cn-bj2', PublicKey: publicKey } as Record<string, string>;
    flat.Signature = signParams(flat, privateKey);
    const get = await fetch(`${server.url}/?${new URLSearchParams(flat).toString()}`);
    expect(((await get.json()) as { RetCode: number }).RetCode).toBe(0);
    const json = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flat) });
    expect(((await json.json()) as { RetCode: number }).RetCode).toBe(0);
  });

  it('logs one line per request, with no keys, signatures or param values', () => {
    expect(lines.length).toBeGreaterThanOrEqual(9);
    const all = lines.join('\n');
    for (const secret of [privateKey, publicKey, 'uhost-1', 'cn-bj2', 'wrong-private-key']) expect(all).not.toContain(secret);
    expect(all).toMatch(/POST CreateCustomImage RetCode=171 [\d.]+ms \(bad signature\)/);
  });
});

describe('runtime Client against the mock', () => {
  it('succeeds with the right keys, gets AuthError 171 with a wrong one, ApiError 161 for an unknown action', async () => {
    const server = await startMockServer({ specs: [createCustomImage()] });
    const ok = new Client({ publicKey, privateKey, region: 'cn-bj2', baseUrl: server.url, maxRetries: 0 });
    const bad = new Client({ publicKey, privateKey: 'wrong', region: 'cn-bj2', baseUrl: server.url, maxRetries: 0 });
    try {
      const res = await ok.call('CreateCustomImage', { UHostId: 'uhost-1', ImageName: 'web' });
      expect(res.ImageId).toBe('uimage-xxx');
      await expect(bad.call('CreateCustomImage', { UHostId: 'uhost-1', ImageName: 'web' })).rejects.toMatchObject({ retCode: 171 });
      await expect(ok.call('NoSuchAction', {})).rejects.toBeInstanceOf(ApiError);
      await expect(ok.call('NoSuchAction', {})).rejects.toMatchObject({ retCode: 161 });
    } finally {
      ok.close();
      bad.close();
      await server.close();
    }
  });

  it('custom keys replace the documented ones', async () => {
    const keys = [{ publicKey: 'pk-test', privateKey: 'sk-test' }];
    const server = await startMockServer({ specs: [createCustomImage()], keys });
    try {
      expect((await post(server.url, { Action: 'CreateCustomImage', Region: 'r', UHostId: 'u', ImageName: 'n' })).RetCode).toBe(171);
      expect((await post(server.url, { Action: 'CreateCustomImage', Region: 'r', UHostId: 'u', ImageName: 'n' }, 'sk-test', 'pk-test')).RetCode).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('successBody', () => {
  it('keeps the example, forces RetCode 0 and Action, fills required fields the example lacks', () => {
    const spec = describeUHostInstance();
    spec.examples = { response: { RetCode: 5, TotalCount: 3 } };
    const body = successBody(spec);
    expect(body).toMatchObject({ RetCode: 0, Action: 'DescribeUHostInstanceResponse', TotalCount: 3 });
    expect(Array.isArray(body.UHostSet)).toBe(true);
  });

  it('a broken example (not an object) falls back to the schema', () => {
    const spec = createCustomImage();
    spec.examples = { response: 'not json' };
    expect(successBody(spec)).toMatchObject({ RetCode: 0, ImageId: 'ImageId-example', DataSnapshotIds: ['DataSnapshotIds-example'] });
  });

  it('a self-referencing model ends instead of recursing forever', () => {
    const spec = describeUHostInstance();
    spec.models[1]!.fields.push({ name: 'Parent', type: 'model', model: 'UHostDiskSet', required: false, description: '' });
    const body = successBody(spec) as { UHostSet: { DiskSet: { Parent: unknown }[] }[] };
    expect(body.UHostSet[0]!.DiskSet[0]!.Parent).toEqual({});
  });
});

describe('scloud-gen mock (CLI)', () => {
  it('serves, logs one line per request, stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'mock', '--spec', join(ROOT, 'test/fixtures/tools/diff/after'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m !== null) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
    });
    expect((await post(url, { Action: 'TerminateCustomImage', Region: 'cn-bj2', ImageId: 'uimage-1' })).RetCode).toBe(0);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toContain('3 actions');
    expect(out).toMatch(/POST TerminateCustomImage RetCode=0/);
    expect(out).toContain('SIGTERM, stopping');
  }, 30_000);
});

describe('missingParams', () => {
  const spec = createCustomImage();
  spec.request.push({
    name: 'Disks',
    wire: 'Disks.N.Type',
    type: 'array',
    required: false,
    description: '',
    items: {
      type: 'object',
      fields: [
        { name: 'Type', type: 'string', required: true, description: '' },
        { name: 'Size', type: 'integer', required: false, description: '' },
        { name: 'Backup', type: 'object', required: false, description: '', fields: [{ name: 'Day', type: 'integer', required: true, description: '' }] },
      ],
    },
  });
  const base = { Region: 'r', UHostId: 'u', ImageName: 'n' };

  it('names missing top-level params by their wire name', () => {
    expect(missingParams(spec, { Region: 'r' })).toEqual(['UHostId', 'ImageName']);
  });

  it('checks required fields inside each array element and object that is present', () => {
    expect(missingParams(spec, base)).toEqual([]);
    expect(missingParams(spec, { ...base, 'Disks.0.Type': 'SSD', 'Disks.1.Size': '20' })).toEqual(['Disks.1.Type']);
    expect(missingParams(spec, { ...base, 'Disks.0.Type': 'SSD', 'Disks.0.Backup.Hour': '3' })).toEqual(['Disks.0.Backup.Day']);
    expect(missingParams(spec, { ...base, 'Disks.0.Type': 'SSD', 'Disks.0.Backup.Day': '3' })).toEqual([]);
  });
});

describe('startMockServer errors', () => {
  it('a port in use is a usage error that says what to do', async () => {
    const first = await startMockServer({ specs: [createCustomImage()] });
    try {
      await expect(startMockServer({ specs: [createCustomImage()], port: first.port })).rejects.toThrow(/is in use; pass another --port/);
    } finally {
      await first.close();
    }
  });
});

describe('two products documenting one action name (test/fixtures/tools/shared)', () => {
  const SHARED = join(ROOT, 'test/fixtures/tools/shared');
  const specsOf = async () => (await parseDocs(SHARED)).specs;
  const createAcl = { Action: 'CreateNetworkAcl', Region: 'cn-bj2', VpcId: 'uvnet-1', AclName: 'web' };

  it('routing: the first product id answers by default, --prefer (id or folder) changes it, counts are specs vs distinct names', async () => {
    const specs = await specsOf();
    const r = routeActions(specs);
    expect({ specs: r.specs, actions: r.byAction.size }).toEqual({ specs: 6, actions: 4 });
    expect(r.shared).toEqual([
      { action: 'CreateNetworkAcl', product: 'unetworkacl', others: ['vpc'], by: 'first-product' },
      { action: 'DeleteNetworkAcl', product: 'unetworkacl', others: ['vpc'], by: 'first-product' },
    ]);
    expect(r.byAction.get('CreateVPC')!.product).toBe('vpc');
    const p = routeActions(specs, ['vpc-api']);
    expect(p.shared.map((s) => `${s.action}:${s.product}:${s.by}`)).toEqual(['CreateNetworkAcl:vpc:prefer', 'DeleteNetworkAcl:vpc:prefer']);
    expect(routeActions([...specs].reverse()).shared).toEqual(r.shared);
    expect(describeShared(p)).toEqual([
      '2 action names are documented in more than one product; one product answers each (named by --prefer <product>[,...], else the first product id):',
      '  vpc over unetworkacl (--prefer): CreateNetworkAcl, DeleteNetworkAcl',
    ]);
    expect(unusedPreferences(routeActions(specs, ['unetworkacl-api', 'vpc']), ['unetworkacl-api', 'vpc'])).toEqual([]);
    const single = [createCustomImage(), describeUHostInstance()];
    expect(unusedPreferences(routeActions(single, ['uhost']), ['uhost'])).toEqual(['uhost']);
    expect(() => routeActions(specs, ['vpx'])).toThrow("--prefer 'vpx' is not a product of the spec dir; products are: unetworkacl, vpc");
  });

  it('the server answers from the chosen product, says the same counts in its errors, and logs which product answered', async () => {
    const specs = await specsOf();
    const lines: string[] = [];
    const first = await startMockServer({ specs, log: (l) => lines.push(l) });
    const vpc = await startMockServer({ specs, prefer: ['vpc'] });
    try {
      expect(await post(first.url, createAcl)).toMatchObject({ RetCode: 0, AclId: 'acl-from-unetworkacl' });
      expect(await post(vpc.url, createAcl)).toMatchObject({ RetCode: 230, Message: expect.stringContaining('Missing params [EntryName]') });
      expect(await post(vpc.url, { ...createAcl, EntryName: 'allow-http' })).toMatchObject({ RetCode: 0, AclId: 'acl-from-vpc' });
      const unknown = await post(first.url, { Action: 'NoSuchAction', Region: 'cn-bj2' });
      expect(unknown.Message).toBe(
        'Action [NoSuchAction] not exist: the mock serves 4 actions (from 6 specs: 2 names are documented in more than one product) from its spec dir',
      );
      expect(first.routing.byAction.size).toBe(4);
      expect(lines[0]).toMatch(/ POST unetworkacl\/CreateNetworkAcl RetCode=0 /);
      expect(lines[1]).toMatch(/ POST NoSuchAction RetCode=161 /);
    } finally {
      await first.close();
      await vpc.close();
    }
  });

  it('CLI: the start-up lines give the same count as the unknown-action error and say who answers each shared name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scloud-mock-'));
    for (const s of await specsOf()) {
      await mkdir(join(dir, s.product), { recursive: true });
      await writeFile(join(dir, s.product, `${s.action}.yaml`), serializeSpec(s));
    }
    const started = await startCli(['--spec', dir, '--prefer', 'vpc']);
    try {
      const unknown = await post(started.url, { Action: 'NoSuchAction', Region: 'cn-bj2' });
      expect(String(unknown.Message)).toContain('serves 4 actions (from 6 specs');
      expect(started.out).toContain(
        `scloud-gen mock: 4 actions (from 6 specs: 2 names are documented in more than one product) from ${dir} on ${started.url} (accepting the documented test keys); Ctrl-C stops\n` +
          'scloud-gen mock: 2 action names are documented in more than one product; one product answers each (named by --prefer <product>[,...], else the first product id):\n' +
          'scloud-gen mock:   vpc over unetworkacl (--prefer): CreateNetworkAcl, DeleteNetworkAcl\n',
      );
    } finally {
      await started.stop();
    }
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'mock', '--spec', dir, '--prefer', 'nope'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("scloud-gen mock: --prefer 'nope' is not a product of the spec dir; products are: unetworkacl, vpc\n");
    const twice = spawnSync(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'mock', '--spec', dir, '--prefer', 'vpc', '--prefer=unetworkacl'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('--prefer is given twice; pass it once with a comma list');
  }, 30_000);
});

/** Start `scloud-gen mock <args> --port 0` and wait for its URL; `out` grows as it logs; `stop()` sends SIGTERM and waits for exit 0. */
async function startCli(args: string[]): Promise<{ url: string; out: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/scloud-gen.js'), 'mock', ...args, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 15_000);
    child.stdout.on('data', () => {
      const m = / on (http:\/\/127\.0\.0\.1:\d+) .*Ctrl-C stops\n/.exec(out);
      if (m !== null) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    get out() {
      return out;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        child.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mock exited ${c}: ${out}`))));
        child.kill('SIGTERM');
      }),
  };
}
