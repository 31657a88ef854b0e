import fs from 'node:fs';
import path from 'node:path';

/** The default store, relative to the project root. */
export const DEFAULT_DATABASE_URL = 'file:./data/site.db';

/**
 * File path of the SQLite store named by `DATABASE_URL` (`file:./data/site.db`,
 * `file:/abs/path.db`, or a bare path), resolved against the working directory.
 */
export function databasePath(url: string | undefined = process.env.DATABASE_URL): string {
  const value = url && url.trim() ? url.trim() : DEFAULT_DATABASE_URL;
  const withoutScheme = value.startsWith('file:') ? value.slice('file:'.length) : value;
  const withoutQuery = withoutScheme.replace(/\?.*$/, '');
  return path.resolve(withoutQuery);
}

/**
 * Which file is at `file` now: an ingest renames a new store into place, which changes
 * this. Null when there is no store yet.
 */
export function storeFileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}
