/**
 * `scloud-sdk/testing/jest`: the matchers, and their types for jest (the global `expect` of @types/jest, and
 * `expect` from @jest/globals, whose types are the `expect` package's). Loads no jest code:
 *
 *   import { matchers } from 'scloud-sdk/testing/jest';
 *   expect.extend(matchers);
 *   expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
 */
import type { ScloudMatchers } from './matchers.js';
// Types only (erased): puts the module in the program so that its augmentation below applies.
import type {} from 'expect';

export { matchers, type ScloudMatchers } from './matchers.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- @types/jest declares its matchers in this namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- @types/jest's own declaration
    interface Matchers<R, T = {}> extends ScloudMatchers<R> {}
  }
}

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ScloudMatchers<R> {}
}
