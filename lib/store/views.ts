import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { CatalogView } from '../catalog/view';
import { StoreView } from './catalog-view';
import { migrationsCurrent, storePipeline } from './source-files';

/**
 * The catalog's view of a store file, for `use`: read only (the other records a new one
 * is checked against; what the rules decide meanwhile they keep in memory,
 * lib/catalog/memory.ts). Null when there is no store, or its layout or the code that made
 * it (`pipeline`) is not this code's: then the caller reads the files instead.
 */
export async function withStoreView<T>(databasePath: string, options: { pipeline: string }, use: (view: CatalogView) => T | Promise<T>): Promise<T | null> {
  if (!fs.existsSync(databasePath)) return null;
  const db = new Database(databasePath, { fileMustExist: true, readonly: true });
  try {
    db.pragma('busy_timeout = 10000');
    if (!migrationsCurrent(db) || storePipeline(db) !== options.pipeline) return null;
    return await use(new StoreView(db));
  } finally {
    db.close();
  }
}
