import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Storage and Redis tests use real files and a real server; keep generous timeouts for a shared machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
