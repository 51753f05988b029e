/**
 * `scloud-sdk/testing`: typed in-process mocks of the API for the client's users. Nothing of the client imports
 * this folder: it is its own entry point (package.json `exports`), and it loads the documented examples only when
 * an unmocked call needs one. Matchers: `scloud-sdk/testing/vitest` and `scloud-sdk/testing/jest`.
 */
export { mockClient, noDelays, UnmockedCallError, type MockClient, type MockClientOptions } from './mock.js';
export type { ActionStub } from './stub.js';
export type { ActionFunction, ApiErrorAnswer, DeepPartial, MockCall, RequestOf, ResponseOf } from './types.js';
