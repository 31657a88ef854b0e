/**
 * npm run sync: a reading node follows the content repository. Pulls CONTENT_DIR's git
 * remote (fast-forward only) and applies the files the pull changed to the store (an
 * incremental ingest of those files), then purges their pages from the cache tier
 * (PURGE_URLS). A failed pull or invalid records leave the served store as it was:
 * exit 1, saying why.
 */
import { config } from '../lib/config/env';
import { syncFromRemote } from '../lib/curation/git';

const settings = config();
const result = await syncFromRemote({ contentDir: settings.contentDir, databasePath: settings.databaseFile, mediaDir: settings.mediaDir });
if (!result.ok) {
  console.error(`sync: ${result.reason}`);
  process.exit(1);
}
if (result.from === result.to) console.log(`sync: up to date at ${result.to.slice(0, 12)}`);
else {
  const s = result.store!;
  const purge = s.purge ? `, ${s.purge.keys} cache key(s) purged on ${s.purge.purged.length} server(s)${s.purge.failed.length ? ` (${s.purge.failed.length} failed)` : ''}` : '';
  console.log(`sync: ${result.from.slice(0, 12)} → ${result.to.slice(0, 12)}: ${result.files.length} file(s); ${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed in ${s.seconds.toFixed(2)} s${purge}`);
}
