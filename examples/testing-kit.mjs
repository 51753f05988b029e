#!/usr/bin/env node
// Runnable example of the testing kit: code under test that calls the client, tested with mockClient() instead of
// a server. Nothing is sent anywhere.
//
//   npm run build && node examples/testing-kit.mjs
import assert from 'node:assert/strict';
import { ApiError } from 'scloud-sdk';
import { mockClient } from 'scloud-sdk/testing';
import { createCustomImage } from 'scloud-sdk/uhost';

/** The code under test: images a host, and reports a full quota instead of failing. */
async function backUp(client, hostId) {
  try {
    const { ImageId } = await createCustomImage(client, { UHostId: hostId, ImageName: `backup-${hostId}` });
    return `image ${ImageId}`;
  } catch (error) {
    if (error instanceof ApiError && error.retCode === 8039) return 'quota full';
    throw error;
  }
}

const mock = mockClient();
// No stub yet: the documented response example answers.
console.log('unmocked ->', await backUp(mock.client, 'uhost-1'));
mock.on(createCustomImage, { UHostId: 'uhost-2' }).resolves({ ImageId: 'uimage-2' });
mock.on(createCustomImage, { UHostId: 'uhost-3' }).rejects({ RetCode: 8039, Message: 'quota exceeded' });
assert.equal(await backUp(mock.client, 'uhost-2'), 'image uimage-2');
assert.equal(await backUp(mock.client, 'uhost-3'), 'quota full');
assert.deepEqual(mock.calls(createCustomImage).map((c) => c.params.ImageName), ['backup-uhost-1', 'backup-uhost-2', 'backup-uhost-3']);
console.log('testing-kit example: all assertions hold');
