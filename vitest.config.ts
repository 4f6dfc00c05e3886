import { defineConfig } from 'vitest/config';

// Three projects: pure rules (fast), HTTP against a real database, browser journeys.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // A shared 2-core CI machine runs Chromium and the server side by side: a re-render can take
          // seconds there, so waiting for the page is patient (the default second flaked).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
