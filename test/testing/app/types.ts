/**
 * Type-level tests of the testing kit, compiled by tsc in the folder where the package is installed
 * (test/testing/kit-app.ts). Every `@ts-expect-error` line must stay an error: tsc fails on one that is not, and
 * the test also compiles this file without the directives and expects exactly one error per directive's line.
 */
import { mockClient, type MockCall } from 'scloud-sdk/testing';
import { matchers } from 'scloud-sdk/testing/vitest';
import {
  createUHostInstance,
  describeUHostInstance,
  paginateDescribeUHostInstance,
  waitUntilUHostInstanceRunning,
  type CreateUHostInstanceRequest,
} from 'scloud-sdk/uhost';
import { expect } from 'vitest';

expect.extend(matchers);
const mock = mockClient();

// What the example writes compiles.
mock.on(describeUHostInstance, { UHostIds: ['uhost-1'] }).resolves({ UHostSet: [{ UHostId: 'uhost-1', State: 'Running' }] });
mock.on(createUHostInstance).rejects({ RetCode: 8039, Message: 'quota exceeded' });
mock.on(describeUHostInstance).resolvesOnce({ TotalCount: 1 }).rejectsOnce(new Error('reset')).resolves({ TotalCount: 2 });
mock.on(createUHostInstance, { Disks: [{ Size: 20 }] }).callsFake((params) => ({ UHostIds: [params.ImageId] }));
mock.on('AnyAction', { Anything: 1 }).resolves({ Whatever: true });
const calls: MockCall<CreateUHostInstanceRequest>[] = mock.calls(createUHostInstance);
const imageId: string | undefined = calls[0]?.params.ImageId;
void imageId;
expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
expect(mock).toHaveReceivedCallTimes(describeUHostInstance, 2);
void waitUntilUHostInstanceRunning;

// An unknown request field.
// @ts-expect-error
mock.on(describeUHostInstance, { UHostId: 'uhost-1' });
// A request field of a wrong type.
// @ts-expect-error
mock.on(describeUHostInstance, { Limit: '10' });
// A nested request field of a wrong type.
// @ts-expect-error
mock.on(createUHostInstance, { Disks: [{ Size: '20' }] });
// A response field of a wrong type.
// @ts-expect-error
mock.on(describeUHostInstance).resolves({ TotalCount: 'one' });
// A nested response field of a wrong type.
// @ts-expect-error
mock.on(describeUHostInstance).resolvesOnce({ UHostSet: [{ CPU: '2' }] });
// An unknown response field.
// @ts-expect-error
mock.on(describeUHostInstance).resolves({ Hosts: [] });
// A fake's params are the request type.
// @ts-expect-error
mock.on(createUHostInstance).callsFake((params) => ({ UHostIds: [params.Nope] }));
// A fake answers with the response type.
// @ts-expect-error
mock.on(createUHostInstance).callsFake(() => ({ UHostIds: 'not-an-array' }));
// rejects() takes an Error or { RetCode, Message }.
// @ts-expect-error
mock.on(createUHostInstance).rejects({ Message: 'no RetCode' });
// A paginator is not an action function.
// @ts-expect-error
mock.on(paginateDescribeUHostInstance);
// The matchers' params are typed too.
// @ts-expect-error
expect(mock).toHaveReceivedCall(createUHostInstance, { Bogus: 1 });
// calls() params are typed.
// @ts-expect-error
void mock.calls(describeUHostInstance)[0]?.params.ImageId;
