import { defineConfig } from 'vitest/config';
import { recordOutput } from './test/support/suite-output.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Everything the suite prints or logs is captured and checked for secrets after the run (secrets-reporter).
    setupFiles: ['test/support/tee-output.ts'],
    onConsoleLog: (log) => {
      recordOutput(log);
    },
    reporters: ['default', './test/support/secrets-reporter.ts', './test/support/summary-reporter.ts'],
    // Storage and Redis tests use real files and a real server; keep generous timeouts for a shared machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
