import path from 'node:path';
import { rereadConfig } from '../../lib/config/env';
import { updateStore } from '../../lib/ingest/update-store';
import { tempDir, wholeSampleDir } from './helpers';

let built: Promise<string> | null = null;

/**
 * The store of the whole sample (the bundled content/ and every Medigy sample: news/,
 * variants/, site/), built by the real full ingest once per test process and shared by
 * the files that only read it (the unit project runs its files in one process per
 * worker), and made the store the pages read (DATABASE_URL). Returns the store file; a
 * file that changes records builds its own.
 */
export async function wholeSampleStore(): Promise<string> {
  built ??= (async () => {
    const db = path.join(tempDir('whole-sample-store'), 'site.db');
    const summary = await updateStore({ contentDir: wholeSampleDir('whole-sample'), databasePath: db, full: true });
    if (!summary.published) throw new Error(`the whole sample's store was not published: ${JSON.stringify(summary.diagnostics.slice(0, 5))}`);
    return db;
  })();
  const db = await built;
  process.env.DATABASE_URL = `file:${db}`;
  // The ingest read the configuration before this store existed.
  rereadConfig();
  return db;
}
