import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The project root, not this folder: paths below are relative to it.
  root: fileURLToPath(new URL('..', import.meta.url)),
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
