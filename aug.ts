import { expect } from 'vitest';
import 'scloud-sdk/testing/vitest';
declare const x: unknown;
expect(x).toHaveReceivedAnyCall();
