/**
 * `scloud-sdk/testing/jest`: the matchers, and their types for jest (the global `expect` of @types/jest, and
 * `expect` from @jest/globals, whose types are the `expect` package's). Loads no jest code:
 *
 *   import { matchers } from 'scloud-sdk/testing/jest';
 *   expect.extend(matchers);
 *   expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
 */
import type { ScloudMatchers } from './matchers.js';
// Kept in the declarations (a type below uses it), so the `expect` types load before the augmentation.
import type { Matchers as ExpectMatchers } from 'expect';

export { matchers, type ScloudMatchers } from './matchers.js';

/** jest's matchers (the `expect` package's), with the kit's. */
export type ScloudExpectMatchers<R extends void | Promise<void> = void> = ExpectMatchers<R>;

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
