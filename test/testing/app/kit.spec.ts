/**
 * The testing kit as a user runs it: this file is copied into an empty folder where the client package (built from
 * test/fixtures/testing-kit/spec) is installed, and run there by vitest (test/testing/kit-app.ts). It imports the
 * package by name only. Every socket connection fails the run (see `sockets`).
 */
import net from 'node:net';
import { AbortError, ApiError, AuthError, NetworkError, ThrottleError, TimeoutError, ValidationError, WaiterFailedError } from 'scloud-sdk';
import { mockClient, noDelays, UnmockedCallError, type ApiErrorAnswer } from 'scloud-sdk/testing';
import { matchers } from 'scloud-sdk/testing/vitest';
import { createUHostInstance, describeUHostInstance, paginateDescribeUHostInstance, UHostClient, waitUntilUHostInstanceRunning } from 'scloud-sdk/uhost';
import { createNetworkAcl as unetCreateNetworkAcl } from 'scloud-sdk/unet';
import { createNetworkAcl as vpcCreateNetworkAcl } from 'scloud-sdk/vpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

expect.extend(matchers);

const newHost = { Zone: 'cn-bj2-04', ImageId: 'uimage-1', Password: 'c2VjcmV0LXBhc3N3b3Jk', Disks: [{ IsBoot: 'True', Type: 'CLOUD_SSD', Size: 20 }] };
const documentedHosts = {
  Action: 'DescribeUHostInstanceResponse',
  RetCode: 0,
  TotalCount: 1,
  UHostSet: [{ UHostId: 'uhost-example', Name: 'documented-host', State: 'Running', CPU: 2, DiskSet: [{ DiskId: 'bsi-example', Size: 20 }] }],
};

// No socket, ever: every connection attempt of any transport (undici, node:http, fetch) goes through net.Socket#connect.
const sockets: string[] = [];
const connect = net.Socket.prototype.connect;
beforeAll(() => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    sockets.push(JSON.stringify(args[0]));
    return connect.apply(this, args as Parameters<typeof connect>);
  } as typeof connect;
});
afterAll(() => {
  net.Socket.prototype.connect = connect;
  expect(sockets).toEqual([]);
});

describe('unmocked calls', () => {
  it('answer with the documented response example, a fresh copy each time', async () => {
    const mock = mockClient();
    const first = await describeUHostInstance(mock.client, { UHostIds: ['uhost-1'] });
    expect(first).toEqual(documentedHosts);
    first.UHostSet![0]!.Name = 'changed by the test';
    expect(await describeUHostInstance(mock.client)).toEqual(documentedHosts);
    expect(await createUHostInstance(mock.client, newHost)).toEqual({ Action: 'CreateUHostInstanceResponse', RetCode: 0, UHostIds: ['uhost-created'] });
  });

  it('fail in strict mode with an error that names the action and shows how to stub it (param names, never values)', async () => {
    const mock = mockClient({ strict: true });
    const error = await createUHostInstance(mock.client, newHost).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmockedCallError);
    const message = (error as Error).message;
    expect(message).toContain('CreateUHostInstance');
    expect(message).toContain('mock.on(createUHostInstance).resolves(');
    expect(message).toContain('params sent: Zone, ImageId, Password, Disks, Region');
    expect(message).not.toContain('c2VjcmV0');
    mock.on(createUHostInstance).resolves({ UHostIds: ['uhost-stubbed'] });
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['uhost-stubbed']);
  });

  it("of an action name two products document get each product's own example", async () => {
    const mock = mockClient();
    expect((await vpcCreateNetworkAcl(mock.client, { AclName: 'a' })).AclId).toBe('acl-documented-by-vpc');
    expect((await unetCreateNetworkAcl(mock.client, { AclName: 'a' })).AclId).toBe('acl-documented-by-unet');
  });
});

describe('stubs', () => {
  it('match a deep partial request; one with a partial beats one without; among equals the last defined wins', async () => {
    const mock = mockClient();
    mock.on(describeUHostInstance, { UHostIds: ['uhost-1'] }).resolves({ TotalCount: 1, UHostSet: [{ UHostId: 'uhost-1', State: 'Running' }] });
    mock.on(describeUHostInstance).resolves({ TotalCount: 0, UHostSet: [] }); // defined later, but without a partial
    expect((await describeUHostInstance(mock.client, { UHostIds: ['uhost-1'], Limit: 10 })).UHostSet).toEqual([{ UHostId: 'uhost-1', State: 'Running' }]);
    expect((await describeUHostInstance(mock.client, { UHostIds: ['uhost-1', 'uhost-2'] })).TotalCount).toBe(0); // arrays match whole
    expect((await describeUHostInstance(mock.client, { UHostIds: ['uhost-2'] })).TotalCount).toBe(0);
    mock.on(describeUHostInstance, { Limit: 10 }).resolves({ TotalCount: 10 });
    expect((await describeUHostInstance(mock.client, { UHostIds: ['uhost-1'], Limit: 10 })).TotalCount).toBe(10); // both partials match: the last
    mock.on(describeUHostInstance, { UHostIds: ['uhost-1'] }).resolves({ TotalCount: 11 }); // the same stub, defined again: now the last
    expect((await describeUHostInstance(mock.client, { UHostIds: ['uhost-1'], Limit: 10 })).TotalCount).toBe(11);
    mock.on(createUHostInstance, { Disks: [{ Type: 'CLOUD_SSD' }] }).resolves({ UHostIds: ['ssd'] });
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['ssd']); // partial objects inside arrays
    mock.on(createUHostInstance, { Disks: [{ Type: expect.stringMatching(/^CLOUD_/) as string }], CPU: undefined }).resolves({ UHostIds: ['any-cloud-disk'] });
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['any-cloud-disk']); // asymmetric matchers; undefined = absent
    expect((await createUHostInstance(mock.client, { ...newHost, CPU: 4 })).UHostIds).toEqual(['ssd']);
  });

  it('answer in sequence with resolvesOnce/rejectsOnce, then with the lasting answer; a used-up stub falls through', async () => {
    const mock = mockClient();
    mock
      .on(createUHostInstance)
      .resolvesOnce({ UHostIds: ['one'] })
      .rejectsOnce({ RetCode: 8039, Message: 'quota exceeded' })
      .resolves({ UHostIds: ['always'] });
    mock.on(createUHostInstance).resolvesOnce({ UHostIds: ['two'] }); // the same stub: appended to its sequence
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['one']);
    await expect(createUHostInstance(mock.client, newHost)).rejects.toThrow(ApiError);
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['two']);
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['always']);
    mock.on(describeUHostInstance, { Tag: 'web' }).resolvesOnce({ TotalCount: 7 });
    expect((await describeUHostInstance(mock.client, { Tag: 'web' })).TotalCount).toBe(7);
    expect(await describeUHostInstance(mock.client, { Tag: 'web' })).toEqual(documentedHosts); // used up: the default answers
  });

  it('callsFake gets the params sent and the call; what it throws is a rejection', async () => {
    const mock = mockClient();
    const seen: unknown[] = [];
    mock.on(createUHostInstance).callsFake((params, call) => {
      seen.push(params, call.action);
      if (params.CPU === 64) throw { RetCode: 8039, Message: 'quota exceeded' };
      return { UHostIds: [`uhost-${params.ImageId}`] };
    });
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['uhost-uimage-1']);
    expect(seen).toEqual([{ ...newHost, Region: 'cn-bj2' }, 'CreateUHostInstance']);
    await expect(createUHostInstance(mock.client, { ...newHost, CPU: 64 })).rejects.toMatchObject({ name: 'ApiError', retCode: 8039 });
  });

  it('rejects with { RetCode, Message } throws the error class the real answer would; with an Error, as the transport would', async () => {
    const mock = mockClient();
    const fail = (answer: ApiErrorAnswer | Error) => {
      mock.on(createUHostInstance).rejectsOnce(answer);
      return createUHostInstance(mock.client, newHost).catch((e: unknown) => e);
    };
    const quota = await fail({ RetCode: 8039, Message: 'quota exceeded' });
    expect(quota).toBeInstanceOf(ApiError);
    expect(quota).toMatchObject({ retCode: 8039, apiMessage: 'quota exceeded', action: 'CreateUHostInstance' });
    expect(await fail({ RetCode: 172, Message: 'no permission' })).toBeInstanceOf(AuthError);
    expect(await fail({ RetCode: 153, Message: 'slow down' })).toBeInstanceOf(ThrottleError);
    const hangUp = await fail(new Error('socket hang up'));
    expect(hangUp).toBeInstanceOf(NetworkError);
    expect((hangUp as Error).cause).toMatchObject({ message: 'socket hang up' });
    expect(await fail(new ThrottleError('CreateUHostInstance', 153, 'slow down', undefined))).toBeInstanceOf(ThrottleError);
    expect(() => mock.on(createUHostInstance).rejects({ RetCode: 0 })).toThrow(/RetCode other than 0/);
  });

  it('answer calls through a class facade, and client.call() by action name; a string target answers every product', async () => {
    const mock = mockClient({ clientClass: UHostClient });
    mock.on(describeUHostInstance).resolves({ TotalCount: 3 });
    expect((await mock.client.describeUHostInstance({})).TotalCount).toBe(3);
    expect((await mock.client.call('DescribeUHostInstance', { Region: 'cn-bj2' })).TotalCount).toBe(3);
    mock.on(vpcCreateNetworkAcl).resolves({ AclId: 'acl-vpc-stub' });
    expect((await unetCreateNetworkAcl(mock.client, { AclName: 'a' })).AclId).toBe('acl-documented-by-unet'); // another product's action
    mock.on('CreateNetworkAcl').resolves({ AclId: 'acl-any' });
    expect((await unetCreateNetworkAcl(mock.client, { AclName: 'a' })).AclId).toBe('acl-any');
    expect((await vpcCreateNetworkAcl(mock.client, { AclName: 'a' })).AclId).toBe('acl-any');
  });
});

describe('calls and reset', () => {
  it('list { action, params, options } in call order, per action or all; reset and resetHistory', async () => {
    const mock = mockClient();
    const signal = new AbortController().signal;
    await describeUHostInstance(mock.client, { UHostIds: ['uhost-1'] }, { signal });
    await createUHostInstance(mock.client, newHost);
    await describeUHostInstance(mock.client, { Limit: 5 });
    expect(mock.calls(describeUHostInstance)).toEqual([
      { action: 'DescribeUHostInstance', params: { UHostIds: ['uhost-1'], Region: 'cn-bj2' }, options: { signal } },
      { action: 'DescribeUHostInstance', params: { Limit: 5, Region: 'cn-bj2' }, options: {} },
    ]);
    expect(mock.calls().map((c) => c.action)).toEqual(['DescribeUHostInstance', 'CreateUHostInstance', 'DescribeUHostInstance']);
    expect(mock.calls('CreateUHostInstance')).toHaveLength(1);
    mock.on(createUHostInstance).resolves({ UHostIds: ['x'] });
    mock.resetHistory();
    expect(mock.calls()).toEqual([]);
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['x']);
    mock.reset();
    expect(mock.calls()).toEqual([]);
    expect((await createUHostInstance(mock.client, newHost)).UHostIds).toEqual(['uhost-created']);
  });
});

describe('the client works on a mock as on the real API', () => {
  it('validation: a bad param fails before anything is sent (and is not a received call)', async () => {
    const mock = mockClient();
    // @ts-expect-error a required param is missing (the runtime check is what this test is about)
    await expect(createUHostInstance(mock.client, { Zone: 'z', Password: 'p', Disks: [] })).rejects.toThrow(ValidationError);
    // @ts-expect-error a wrong type
    await expect(describeUHostInstance(mock.client, { Limit: 'ten' })).rejects.toThrow(/Limit: expected integer/);
    await expect(describeUHostInstance(mockClient({ config: { region: undefined } }).client)).rejects.toThrow(/Region: required but missing/);
    expect(mock.calls()).toEqual([]);
  });

  it('a paginator pages through a resolvesOnce sequence', async () => {
    const mock = mockClient();
    mock
      .on(describeUHostInstance)
      .resolvesOnce({ TotalCount: 5, UHostSet: [{ UHostId: 'h1' }, { UHostId: 'h2' }] })
      .resolvesOnce({ TotalCount: 5, UHostSet: [{ UHostId: 'h3' }, { UHostId: 'h4' }] })
      .resolvesOnce({ TotalCount: 5, UHostSet: [{ UHostId: 'h5' }] });
    const ids: string[] = [];
    for await (const host of paginateDescribeUHostInstance(mock.client, { Limit: 2 })) ids.push(host.UHostId);
    expect(ids).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(mock.calls(describeUHostInstance).map((c) => [c.params.Offset, c.params.Limit])).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
  });

  it('a waiter polls a stubbed sequence without sleeping (its delays come from the options)', async () => {
    const mock = mockClient();
    const state = (s: string) => ({ TotalCount: 1, UHostSet: [{ UHostId: 'uhost-1', State: s }] });
    mock
      .on(describeUHostInstance, { UHostIds: ['uhost-1'] })
      .resolvesOnce(state('Initializing'))
      .resolvesOnce(state('Starting'))
      .resolves(state('Running'));
    const started = performance.now();
    const done = await waitUntilUHostInstanceRunning(mock.client, { UHostIds: ['uhost-1'] }, noDelays); // the definition says 2 s between polls
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(done).toMatchObject({ state: 'Running', polls: 3 });
    mock.on(describeUHostInstance, { UHostIds: ['uhost-2'] }).resolves(state('Install Fail'));
    await expect(waitUntilUHostInstanceRunning(mock.client, { UHostIds: ['uhost-2'] }, noDelays)).rejects.toThrow(WaiterFailedError);
  });

  it('withResponse, hooks and logging', async () => {
    const lines: string[] = [];
    const responses: unknown[] = [];
    const log = (line: string) => lines.push(line);
    const mock = mockClient({
      config: {
        logger: { debug: log, info: log, warn: log, error: log },
        hooks: { onRequest: (ctx) => ({ ...ctx.params, Tag: 'from-hook' }), onResponse: (ctx) => void responses.push(ctx.body) },
      },
    });
    mock.on(describeUHostInstance, { Tag: 'from-hook' }).resolves({ TotalCount: 4 });
    const { data, response } = await describeUHostInstance(mock.client, {}, { withResponse: true });
    expect(data.TotalCount).toBe(4);
    expect(response).toMatchObject({ status: 200, attempts: 1 });
    expect(response.requestId).toMatch(/^mock-request-\d+$/);
    expect(response.header('Content-Type')).toContain('application/json');
    expect(responses).toEqual([{ RetCode: 0, Action: 'DescribeUHostInstanceResponse', TotalCount: 4 }]);
    expect(lines.join('\n')).toMatch(/^DescribeUHostInstance attempt 1: HTTP 200, RetCode 0, [\d.]+ ms, request mock-request-\d+$/m);
    mock.on(createUHostInstance).rejects({ RetCode: 8039, Message: 'quota exceeded' });
    await expect(createUHostInstance(mock.client, newHost)).rejects.toThrow(ApiError);
    expect(lines.at(-1)).toMatch(/CreateUHostInstance attempt 1: HTTP 200, RetCode 8039/);
  });

  it('timeouts and aborts: a fake that never answers ends with TimeoutError or AbortError', async () => {
    const mock = mockClient();
    mock.on(describeUHostInstance).callsFake(() => new Promise(() => undefined));
    await expect(describeUHostInstance(mock.client, {}, { timeout: 20 })).rejects.toThrow(TimeoutError);
    const aborter = new AbortController();
    setTimeout(() => aborter.abort(), 10);
    await expect(describeUHostInstance(mock.client, {}, { signal: aborter.signal })).rejects.toThrow(AbortError);
  });

  it('retries are off by default and on when configured: each attempt is a received call', async () => {
    const mock = mockClient({ config: { maxRetries: 2, backoff: { baseMs: 0, capMs: 0 } } });
    mock.on(describeUHostInstance).rejectsOnce({ RetCode: 153, Message: 'slow down' }).resolves({ TotalCount: 2 });
    expect((await describeUHostInstance(mock.client)).TotalCount).toBe(2);
    expect(mock.calls(describeUHostInstance)).toHaveLength(2);
  });

  it('usage errors say what to do', () => {
    const mock = mockClient();
    // @ts-expect-error a paginator is not an action function
    expect(() => mock.on(paginateDescribeUHostInstance)).toThrow(/is not a generated action function.*pass the action function itself/);
    // @ts-expect-error the mock is the transport
    expect(() => mockClient({ config: { transport: 'fetch' } })).toThrow(/config.transport cannot be set/);
  });
});

describe('matchers', () => {
  it('toHaveReceivedCall, toHaveReceivedCallTimes, toHaveReceivedNthCall, toHaveReceivedAnyCall (and .not)', async () => {
    const mock = mockClient();
    expect(mock).not.toHaveReceivedAnyCall();
    await createUHostInstance(mock.client, newHost);
    await createUHostInstance(mock.client, { ...newHost, ImageId: 'uimage-2' });
    expect(mock).toHaveReceivedAnyCall();
    expect(mock).toHaveReceivedCall(createUHostInstance);
    expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-2', Disks: [{ Size: 20 }] });
    expect(mock).not.toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-3' });
    expect(mock).not.toHaveReceivedCall(describeUHostInstance);
    expect(mock).toHaveReceivedCallTimes(createUHostInstance, 2);
    expect(mock).toHaveReceivedCallTimes('CreateUHostInstance', 1, { ImageId: 'uimage-1' });
    expect(mock).toHaveReceivedNthCall(createUHostInstance, 2, { ImageId: 'uimage-2' });
    let failure = '';
    try {
      expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-3' });
    } catch (e) {
      failure = (e as Error).message;
    }
    expect(failure).toContain('expected the mock to have received a call of CreateUHostInstance with params matching');
    expect(failure).toContain('it received 2:');
    expect(failure).toContain('[redacted]');
    expect(failure).not.toContain('c2VjcmV0');
    expect(() => expect(mock.client).toHaveReceivedAnyCall()).toThrow(/must be given the mock made by mockClient\(\)/);
  });
});
