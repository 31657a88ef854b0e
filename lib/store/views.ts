import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { CatalogView } from '../catalog/view';
import { StoreView } from './catalog-view';
import { migrationsCurrent, storePipeline } from './source-files';

/**
 * The catalog's view of a store file, for `use`: read-only (the other records a new one
 * is checked against), or `rehearse`d inside a transaction rolled back at the end (a
 * check runs the rules, which register what a record names, and nothing stays). Null
 * when there is no store, or its layout or the code that made it (`pipeline`) is not
 * this code's: then the caller reads the files instead.
 */
export async function withStoreView<T>(databasePath: string, options: { pipeline: string; rehearse?: boolean }, use: (view: CatalogView) => T | Promise<T>): Promise<T | null> {
  if (!fs.existsSync(databasePath)) return null;
  const db = new Database(databasePath, { fileMustExist: true, readonly: !options.rehearse });
  try {
    db.pragma('busy_timeout = 10000');
    if (!migrationsCurrent(db) || storePipeline(db) !== options.pipeline) return null;
    if (!options.rehearse) return await use(new StoreView(db));
    db.exec('BEGIN');
    try {
      return await use(new StoreView(db));
    } finally {
      db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}
