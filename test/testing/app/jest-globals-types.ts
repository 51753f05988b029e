/// <reference types="jest" />
/**
 * Type-level test of `scloud-sdk/testing/jest` with @types/jest's global `expect`. Compiled by tsc in the installed
 * package's folder (test/testing/kit-app.ts).
 */
import { mockClient } from 'scloud-sdk/testing';
import { matchers } from 'scloud-sdk/testing/jest';
import { createUHostInstance } from 'scloud-sdk/uhost';

expect.extend(matchers);
const mock = mockClient();
expect(mock).toHaveReceivedCallTimes(createUHostInstance, 1, { ImageId: 'uimage-1' });
// @ts-expect-error
expect(mock).toHaveReceivedNthCall(createUHostInstance, 1, { ImageId: 1 });
