import { defineConfig } from 'vitest/config';

/**
 * Four projects, run in this order by `npm test`:
 * - `unit`: the content pipeline, the rules, the store, serving against a stand-in, in
 *   this process: no build, files in parallel (`npm run test:unit`, seconds).
 * - `integration`: the commands as processes (the compiled CLI in dist/cli/, made fresh
 *   once by the global setup), git, loopback feed servers, render deadlines in workers,
 *   corpora of thousands of records, kill -9 of ingests; files in parallel (`npm run test:integration`).
 * - `e2e`: the built app over HTTP (built once by the global setup), Chromium, nginx,
 *   Varnish, two files at a time; then `e2e-alone`: the files that measure, one at a time.
 * Timeouts are generous: on a shared 2-core machine a test may wait minutes for a core;
 * no assertion depends on how long something took beyond what the product bounds itself.
 */
/**
 * End-to-end files that measure (Lighthouse's performance score, load at 100 connections)
 * or bound how long the site takes to answer while it renders slow bodies: run last, one
 * at a time, with no other test file sharing the cores.
 */
const ALONE = ['tests/e2e/lighthouse.test.ts', 'tests/e2e/load.test.ts', 'tests/e2e/slow-records.test.ts', 'tests/e2e/hostile.test.ts'];

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    // Native SQLite and child processes (next start, ingest): forked processes, not threads;
    // one process per file except in the unit project (below).
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Files share a worker's loaded modules (import once, not per file): each sets its own
          // environment, which tests/support/unit-setup.ts makes the configuration read again.
          isolate: false,
          setupFiles: ['tests/support/unit-setup.ts'],
          include: ['tests/unit/**/*.test.ts'],
          // Two tests run a command (curate, taxonomy:import) as `npm run` does.
          globalSetup: ['tests/support/cli-setup.ts'],
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/cli-setup.ts'],
          maxWorkers: 2,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: ALONE,
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Two files at a time: each starts its own servers on free ports.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e-alone',
          include: ALONE,
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
