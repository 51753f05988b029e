import { defineConfig } from 'vitest/config';

/** The heavy suite (`npm run test:heavy`): real-history replays, run apart from `npm test` (CI budget 90 minutes). */
export default defineConfig({
  test: {
    include: ['test/heavy/**/*.test.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 90 * 60_000,
  },
});
