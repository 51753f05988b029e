import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The heavy suite (real-history replays) runs apart: npm run test:heavy (vitest.heavy.config.ts).
    exclude: [...configDefaults.exclude, 'test/heavy/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
