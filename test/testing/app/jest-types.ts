/**
 * Type-level test of `scloud-sdk/testing/jest` with jest's own `expect` types (what @jest/globals exports; the
 * `expect` package). Compiled by tsc in the installed package's folder (test/testing/kit-app.ts).
 */
import { expect } from 'expect';
import { mockClient } from 'scloud-sdk/testing';
import { matchers } from 'scloud-sdk/testing/jest';
import { createUHostInstance } from 'scloud-sdk/uhost';

expect.extend(matchers);
const mock = mockClient();
expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
expect(mock).not.toHaveReceivedAnyCall();
// @ts-expect-error
expect(mock).toHaveReceivedCall(createUHostInstance, { Bogus: 1 });
