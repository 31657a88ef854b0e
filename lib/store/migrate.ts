import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Applies prisma/migrations/<name>/migration.sql in order, recording each in a
 * `_prisma_migrations` table laid out as Prisma Migrate lays it out, so the store
 * stays readable by Prisma's own tools. (Prisma's CLI needs a native schema engine
 * this project cannot download; the SQL is ours, checked against schema.prisma by
 * tests/store.test.ts.)
 */
const MIGRATIONS_DIR = path.resolve('prisma', 'migrations');

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
}

/** The names of the migrations this code knows, without reading them. */
export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => ({ name: e.name, sql: fs.readFileSync(path.join(dir, e.name, 'migration.sql'), 'utf8') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const INDEX_STATEMENT = /^CREATE (?:UNIQUE )?INDEX [^\n]*;[ \t]*$/gm;
const DROP_INDEX_STATEMENT = /^DROP INDEX "([^"]+)";[ \t]*$/gm;

export interface MigrateOptions {
  /**
   * Leave out the migrations' CREATE INDEX statements and return them instead, for a
   * bulk load to run them once the rows are in (much faster than keeping ~20 indexes
   * up to date row by row). The caller must run them before anyone reads the file.
   */
  deferIndexes?: string[];
}

/** Returns the names of the migrations it applied. */
export function applyMigrations(db: Database.Database, migrations = readMigrations(), options: MigrateOptions = {}): string[] {
  db.exec(MIGRATIONS_TABLE);
  const applied = new Set(
    (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL').all() as { migration_name: string }[]).map(
      (r) => r.migration_name,
    ),
  );
  const record = db.prepare(
    'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
  );
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    const startedAt = new Date().toISOString();
    db.transaction(() => {
      if (options.deferIndexes) {
        const deferred = options.deferIndexes;
        deferred.push(...(m.sql.match(INDEX_STATEMENT) ?? []));
        // A later migration dropping a deferred index just takes it off the list.
        const sql = m.sql.replace(INDEX_STATEMENT, '').replace(DROP_INDEX_STATEMENT, (statement, name: string) => {
          const at = deferred.findIndex((d) => d.includes(`INDEX "${name}" ON`));
          if (at < 0) return statement;
          deferred.splice(at, 1);
          return '';
        });
        db.exec(sql);
      } else {
        db.exec(m.sql);
      }
      const checksum = crypto.createHash('sha256').update(m.sql).digest('hex');
      record.run(crypto.randomUUID(), checksum, new Date().toISOString(), m.name, startedAt);
    })();
    done.push(m.name);
  }
  return done;
}
