import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: the content pipeline, the rules, the store, serving against a
 * stand-in: no Next.js build, files in parallel (`npm run test:unit`, seconds).
 * `e2e`: the built app over HTTP, Chromium, nginx, crashes and load, one file at a
 * time after the unit tests (a shared machine would skew their timings). `npm test`
 * runs both.
 */
export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    // Native SQLite and child processes (next start, ingest): one process per file.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], maxWorkers: 2, testTimeout: 30_000, hookTimeout: 60_000, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
