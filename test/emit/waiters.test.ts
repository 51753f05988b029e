/**
 * Generated waiters, end to end: the waiter definitions this repo ships (spec/overrides) applied to small pages of
 * the three polled actions, generated, imported and run against a scripted server on 127.0.0.1: success after
 * some polls, a failure state, an error polling cannot fix (fails at once), the deadline (with the last state).
 * Also: a waiter whose state path names no field is reported and not generated, and a waiters-only overlay for an
 * action the docs lack is an info, not a stale overlay.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuthError as AuthErrorClass,
  Client,
  WaiterFailedError as WaiterFailedErrorClass,
  WaiterTimeoutError as WaiterTimeoutErrorClass,
} from '../../runtime/index.js';
import { ok, PRIVATE_KEY, PUBLIC_KEY, retCode, TestServer } from '../runtime/server.js';
import { removeDir, ROOT, runCli, tempDir } from './helpers.js';

const run = runCli;

describe('generated waiters against a scripted server', () => {
  let dir = '';
  let server: TestServer;
  let client: Client;
  // The generated modules, imported from the build's output (their runtime is the generated copy).
  let uhost: Record<string, (...a: unknown[]) => Promise<{ state: string; polls: number; data: unknown }>>;
  let udisk: typeof uhost;
  let uphost: typeof uhost;
  let facade: new (c: object) => Record<string, (...a: unknown[]) => Promise<{ state: string }>>;
  let buildErr = '';
  // The generated client's own runtime (a copy of runtime/): its error classes are the ones thrown.
  let AuthError: typeof AuthErrorClass;
  let WaiterFailedError: typeof WaiterFailedErrorClass;
  let WaiterTimeoutError: typeof WaiterTimeoutErrorClass;
  beforeAll(async () => {
    dir = tempDir('waiters');
    const r = await run([
      'build',
      '--docs',
      join(ROOT, 'test/fixtures/waiters/docs'),
      '--spec',
      join(dir, 'spec'),
      '--out',
      join(dir, 'gen'),
      '--overrides',
      join(ROOT, 'spec/overrides'),
      '--no-cache',
    ]);
    expect(r.code).toBe(0);
    buildErr = r.err;
    uhost = await import(join(dir, 'gen/uhost/DescribeUHostInstance.ts'));
    udisk = await import(join(dir, 'gen/udisk/DescribeUDisk.ts'));
    uphost = await import(join(dir, 'gen/uphost/DescribePHost.ts'));
    facade = ((await import(join(dir, 'gen/uhost/client.ts'))) as { UHostClient: typeof facade }).UHostClient;
    server = await new TestServer().start();
    const rt = (await import(join(dir, 'gen/runtime/index.ts'))) as {
      Client: typeof Client;
      AuthError: typeof AuthErrorClass;
      WaiterFailedError: typeof WaiterFailedErrorClass;
      WaiterTimeoutError: typeof WaiterTimeoutErrorClass;
    };
    ({ AuthError, WaiterFailedError, WaiterTimeoutError } = rt);
    const GeneratedClient = rt.Client;
    client = new GeneratedClient({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      baseUrl: server.url,
      region: 'cn-bj2',
      env: {},
      home: '/nonexistent',
      maxRetries: 0,
    });
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await server?.stop();
    removeDir(dir);
  });
  const fast = { minDelayMs: 1, maxDelayMs: 5 };
  const hosts = (state: string) => ok({ TotalCount: 1, UHostSet: [{ UHostId: 'uhost-1', State: state }] });

  it('the shipped definitions are generated, with their states checked against the docs (no warnings)', () => {
    expect(buildErr).not.toMatch(/invalid-waiter|unreadable-enum/);
    expect(typeof uhost.waitUntilUHostInstanceRunning).toBe('function');
    expect(typeof uhost.waitUntilUHostInstanceStopped).toBe('function');
    expect(typeof udisk.waitUntilUDiskAvailable).toBe('function');
    expect(typeof udisk.waitUntilUDiskInUse).toBe('function');
    expect(typeof uphost.waitUntilPHostRunning).toBe('function');
    const text = readFileSync(join(dir, 'gen/uhost/DescribeUHostInstance.ts'), 'utf8');
    expect(text).toContain("state: 'UHostSet.0.State',\n  success: ['Running'],\n  failure: ['Install Fail'],");
  });

  it('UHost: succeeds when the state reaches Running, after polling through Starting', async () => {
    server.play(hosts('Initializing'), hosts('Starting'), hosts('Running'));
    const r = await uhost.waitUntilUHostInstanceRunning!(client, { UHostIds: ['uhost-1'] }, fast);
    expect([r.state, r.polls]).toEqual(['Running', 3]);
    expect(server.received.map((x) => [x.params.Action, x.params['UHostIds.0'], x.signatureOk])).toEqual(
      Array(3).fill(['DescribeUHostInstance', 'uhost-1', true]),
    );
  });

  it('UHost: a failure state ends the wait at once with WaiterFailedError', async () => {
    server.play(hosts('Starting'), hosts('Install Fail'));
    const e = await uhost.waitUntilUHostInstanceRunning!(client, { UHostIds: ['uhost-1'] }, fast).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WaiterFailedError);
    expect([(e as WaiterFailedErrorClass).state, (e as WaiterFailedErrorClass).polls]).toEqual(['Install Fail', 2]);
  });

  it('UHost: an error polling cannot fix (bad keys) fails at once, without polling on', async () => {
    server.play(retCode(171, 'Signature VerifyAC Error'));
    await expect(uhost.waitUntilUHostInstanceStopped!(client, { UHostIds: ['uhost-1'] }, fast)).rejects.toBeInstanceOf(AuthError);
    expect(server.received).toHaveLength(1);
  });

  it('UHost: the deadline gives WaiterTimeoutError with the last state seen', async () => {
    server.fallback = hosts('Stopping');
    server.play();
    const e = await uhost.waitUntilUHostInstanceStopped!(client, { UHostIds: ['uhost-1'] }, { minDelayMs: 10, maxDelayMs: 20, maxWaitMs: 120 }).catch(
      (x: unknown) => x,
    );
    server.fallback = ok();
    expect(e).toBeInstanceOf(WaiterTimeoutError);
    expect((e as WaiterTimeoutErrorClass).lastState).toBe('Stopping');
    expect((e as WaiterTimeoutErrorClass).polls).toBeGreaterThan(1);
  });

  it('UDisk: Attaching then Available; a Failed disk fails the wait', async () => {
    const disks = (status: string) => ok({ TotalCount: 1, DataSet: [{ UDiskId: 'bs-1', Status: status }] });
    server.play(disks('Attaching'), disks('Available'));
    expect((await udisk.waitUntilUDiskAvailable!(client, { UDiskId: 'bs-1' }, fast)).state).toBe('Available');
    server.play(disks('Failed'));
    await expect(udisk.waitUntilUDiskInUse!(client, { UDiskId: 'bs-1' }, fast)).rejects.toBeInstanceOf(WaiterFailedError);
  });

  it('UPHost through the class facade: Starting then Running', async () => {
    const phosts = (status: string) => ok({ PHostSet: [{ PHostId: 'ph-1', PMStatus: status }] });
    server.play(phosts('Starting'), phosts('Running'));
    expect((await uphost.waitUntilPHostRunning!(client, { PHostId: ['ph-1'] }, fast)).state).toBe('Running');
    server.play(hosts('Starting'), hosts('Running'));
    const f = new facade({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, baseUrl: server.url, region: 'cn-bj2', env: {}, home: '/nonexistent' });
    expect((await f.waitUntilUHostInstanceRunning!({ UHostIds: ['uhost-1'] }, fast)).state).toBe('Running');
    (f as unknown as Client).close();
  });
});

describe('waiter overlays that cannot be generated', () => {
  it('a state path naming no field is an invalid-waiter warning at its line, and no function is generated; a waiters-only overlay for a missing action is an info', async () => {
    const dir = tempDir('waiter-bad');
    try {
      const overrides = join(dir, 'overrides');
      mkdirSync(join(overrides, 'uhost'), { recursive: true });
      mkdirSync(join(overrides, 'udisk'), { recursive: true });
      writeFileSync(
        join(overrides, 'uhost', 'DescribeUHostInstance.yaml'),
        'waiters:\n  - name: UHostGone\n    state: UHostSet.State\n    success: [Running]\n',
      );
      writeFileSync(join(overrides, 'udisk', 'CreateUDisk.yaml'), 'waiters:\n  - name: Never\n    state: X\n    success: [Y]\n');
      cpSync(join(ROOT, 'test/fixtures/waiters/docs'), join(dir, 'docs'), { recursive: true });
      const r = await run([
        'build',
        '--docs',
        join(dir, 'docs'),
        '--spec',
        join(dir, 'spec'),
        '--out',
        join(dir, 'gen'),
        '--overrides',
        overrides,
        '--no-cache',
      ]);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(
        /overrides\/uhost\/DescribeUHostInstance\.yaml:3:12 warning invalid-waiter waiter UHostGone: state 'State' is read from UHostSet, which has no fields \(it is an array: index it first, e\.g\. \.0\).*not generated/,
      );
      expect(readFileSync(join(dir, 'gen/uhost/DescribeUHostInstance.ts'), 'utf8')).not.toContain('waitUntil');
      expect(r.err).not.toContain('CreateUDisk.yaml');
    } finally {
      removeDir(dir);
    }
  });
});
