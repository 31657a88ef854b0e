import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The CLI only ever runs `prisma generate` here: the store's tables are created by
// our own migration runner (lib/store/migrate.ts) from prisma/migrations. `generate`
// needs no schema engine, yet the CLI insists on locating one and would try to
// download it (no internet here). Point it at an existing file for `generate` only:
// set globally, `migrate` commands would silently do nothing.
if (process.argv.includes('generate') && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/site.db' },
});
