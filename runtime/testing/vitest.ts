/**
 * `scloud-sdk/testing/vitest`: the matchers, and their types for vitest's `expect`. Loads no vitest code:
 *
 *   import { expect } from 'vitest';
 *   import { matchers } from 'scloud-sdk/testing/vitest';
 *   expect.extend(matchers);
 *   expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
 */
import type { ScloudMatchers } from './matchers.js';
// Types only (erased): puts the module in the program so that its augmentation below applies.
import type {} from 'vitest';

export { matchers, type ScloudMatchers } from './matchers.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- vitest's own declaration
  interface Assertion<T = any> extends ScloudMatchers<void> {}
}
