import fs from 'node:fs';
import Database from 'better-sqlite3';
import { diagnostic, DIAGNOSTIC_CODES, type Diagnostic } from '../content/problems';
import { migrationNames } from './migrate';
import type { SourceFileRow } from './rows';

export type { SourceFileRow };

/**
 * What a store remembers of the content files (its SourceFile rows), read by the
 * in-place update inside its transaction and by the look that decides whether there is
 * anything to update at all (lib/ingest/update-store.ts), so both compare against one answer.
 */

/** Whether the store has every migration this code knows, so rows fit its tables. */
export function migrationsCurrent(db: Database.Database): boolean {
  try {
    const applied = new Set(db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').pluck().all() as string[]);
    return migrationNames().every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** The digest of the code that made the store's rows (lib/ingest/pipeline.ts); null for a store made before it was kept. */
export function storePipeline(db: Database.Database): string | null {
  try {
    return (db.prepare('SELECT pipelineDigest FROM StoreInfo WHERE id = 1').pluck().get() as string | null | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The store's rows for the given files (every file when not told which). */
export function readSourceFiles(db: Database.Database, paths?: string[]): Map<string, SourceFileRow> {
  const rows = paths
    ? (db.prepare('SELECT * FROM SourceFile WHERE path IN (SELECT value FROM json_each(?))').all(JSON.stringify(paths)) as SourceFileRow[])
    : (db.prepare('SELECT * FROM SourceFile').all() as SourceFileRow[]);
  return new Map(rows.map((r) => [r.path, r]));
}

/** Only what tells a file changed (path, size, time, digest, state), of every file: the cheap read for a look. */
export function readSourceStamps(db: Database.Database): Map<string, Pick<SourceFileRow, 'path' | 'size' | 'mtimeMs' | 'digest' | 'state'>> {
  const rows = db.prepare('SELECT path, size, mtimeMs, digest, state FROM SourceFile').raw().all() as [string, number, number, string, SourceFileRow['state']][];
  return new Map(rows.map(([path, size, mtimeMs, digest, state]) => [path, { path, size, mtimeMs, digest, state }]));
}

/** The problems of the files the store holds as rejected, but for `except`. */
export function rejectedProblems(db: Database.Database, except: ReadonlySet<string> = new Set()): Diagnostic[] {
  const rows = db.prepare("SELECT path, problems FROM SourceFile WHERE state = 'rejected' ORDER BY path").all() as { path: string; problems: string | null }[];
  return rows
    .filter((r) => !except.has(r.path))
    .flatMap((r) => (r.problems ? storedProblems(r.path, r.problems) : [diagnostic('rejected-earlier', r.path, 'this file was rejected by an earlier ingest')]));
}

/** A read-only look at a store file, for deciding what an ingest has to do. */
export interface StoreLook {
  /** Whether its layout and the code that made its rows (`pipeline`) are this code's. */
  current(pipeline: string): boolean;
  sourceFiles(paths?: string[]): Map<string, SourceFileRow>;
  stamps(): Map<string, Pick<SourceFileRow, 'path' | 'size' | 'mtimeMs' | 'digest' | 'state'>>;
  rejected(): Diagnostic[];
}

/** `look` at the store file (read-only, closed after); null when there is none or it cannot be opened. */
export function lookAtStore<T>(databasePath: string, look: (store: StoreLook) => T): T | null {
  if (!fs.existsSync(databasePath)) return null;
  let db: Database.Database;
  try {
    db = new Database(databasePath, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    return look({
      current: (pipeline) => migrationsCurrent(db) && storePipeline(db) === pipeline,
      sourceFiles: (paths) => readSourceFiles(db, paths),
      stamps: () => readSourceStamps(db),
      rejected: () => rejectedProblems(db),
    });
  } finally {
    db.close();
  }
}

/** Problems as a SourceFile row keeps them; any without a code (a store older than codes) is the earlier ingest's refusal. */
function storedProblems(file: string, json: string): Diagnostic[] {
  return (JSON.parse(json) as Partial<Diagnostic>[]).map((p) =>
    p.code && p.code in DIAGNOSTIC_CODES ? (p as Diagnostic) : diagnostic('rejected-earlier', p.file ?? file, p.message ?? 'this file was rejected by an earlier ingest', { field: p.field, line: p.line }),
  );
}
