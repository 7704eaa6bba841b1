import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:soak`: the quick soak alone, with the suite's set-up (Redis, PostgreSQL, the secrets check).
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/soak/**/*.test.ts'], exclude: ['**/node_modules/**'] },
});
