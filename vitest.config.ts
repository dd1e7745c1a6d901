import { defineConfig } from 'vitest/config';

// Unit and property tests sit beside the code; tests that start real servers live in server/test.
// Playwright's e2e/*.spec.ts are kept out: they need a browser and run under Playwright.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'server/test/**/*.test.ts',
      'apps/web/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
