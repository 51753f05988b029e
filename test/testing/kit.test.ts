/**
 * The testing kit (`scloud-sdk/testing`) through the built package of a fixture client, installed (as a copy of
 * the built package) into an empty folder: every behaviour, the type-level tests, the jest matchers, require(),
 * and the main entry's bundle without the kit. The heavy suite runs the same checks on the packed tarball
 * (test/heavy/testing-kit.test.ts).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { prepareKitApp, type KitApp } from './kit-app.js';
import { kitChecks } from './kit-behaviour.js';

describe('scloud-sdk/testing, built and installed', () => {
  let app: KitApp;
  beforeAll(() => {
    app = prepareKitApp('copy');
  }, 300_000);
  afterAll(() => app?.remove());
  kitChecks(() => app);
});
