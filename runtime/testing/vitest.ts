/**
 * `scloud-sdk/testing/vitest`: the matchers, and their types for vitest's `expect`. Loads no vitest code:
 *
 *   import { expect } from 'vitest';
 *   import { matchers } from 'scloud-sdk/testing/vitest';
 *   expect.extend(matchers);
 *   expect(mock).toHaveReceivedCall(createUHostInstance, { ImageId: 'uimage-1' });
 */
import type { ScloudMatchers } from './matchers.js';
// Kept in the declarations (a type below uses it), so vitest's types load before the augmentation: without it, the
// augmentation is lost when a test file imports this module before 'vitest'.
import type { Assertion } from 'vitest';

export { matchers, type ScloudMatchers } from './matchers.js';

/** vitest's assertion, with the kit's matchers. */
export type ScloudAssertion<T = unknown> = Assertion<T>;

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- vitest's own declaration
  interface Assertion<T = any> extends ScloudMatchers<void> {}
}
