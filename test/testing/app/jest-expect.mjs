// The matchers under jest's own `expect` (the package jest and @jest/globals use), run by plain node in the folder
// where the package is installed (test/testing/kit-app.ts). Prints `ok` when every check holds.
import assert from 'node:assert/strict';
import { expect } from 'expect';
import { mockClient } from 'scloud-sdk/testing';
import { matchers } from 'scloud-sdk/testing/jest';
import { createUHostInstance } from 'scloud-sdk/uhost';

expect.extend(matchers);
const mock = mockClient();
const host = { Zone: 'cn-bj2-04', ImageId: 'uimage-1', Password: 'c2VjcmV0', Disks: [{ IsBoot: 'True', Type: 'CLOUD_SSD', Size: 20 }] };
await createUHostInstance(mock.client, host);
expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: expect.any(String) });
expect(mock).toHaveReceivedCallTimes(createUHostInstance, 1);
expect(mock).toHaveReceivedNthCall(createUHostInstance, 1, { Disks: [{ Size: 20 }] });
expect(mock).not.toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-2' });
assert.throws(
  () => expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-2' }),
  (e) => /it received 1:/.test(e.message) && !e.message.includes('c2VjcmV0'),
);
console.log('ok');
