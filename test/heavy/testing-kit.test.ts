/**
 * The testing kit through the packed client package: the fixture client (test/fixtures/testing-kit/spec) built as
 * `npm run build` builds generated/, packed by `npm pack` and installed from its tarball into an empty folder, then
 * the checks of test/testing/kit-behaviour.ts there.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { prepareKitApp, type KitApp } from '../testing/kit-app.js';
import { kitChecks } from '../testing/kit-behaviour.js';

describe('scloud-sdk/testing, packed and installed from its tarball', () => {
  let app: KitApp;
  beforeAll(() => {
    app = prepareKitApp('tarball');
  }, 900_000);
  afterAll(() => app?.remove());
  kitChecks(() => app);
});
