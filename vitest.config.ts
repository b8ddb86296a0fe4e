import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Without an explicit include vitest also collects the compiled copies in dist/.
    include: ['tests/**/*.test.ts'],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
