import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts'],
    // Native SQLite and child processes (next start, ingest): one process per file.
    pool: 'forks',
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});
