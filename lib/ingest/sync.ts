import fs from 'node:fs';
import path from 'node:path';
import { publishMedia, type MediaSummary } from '../store/media';
import { ingestAll, type IngestSummary } from './full';
import { applyChanges, type ChangeOptions, type ChangeSummary } from './incremental';

export interface SyncOptions extends ChangeOptions {
  /** Rebuild the store from every file even when an in-place update could do. */
  full?: boolean;
  /** Where the images are published (lib/store/media.ts); without it, beside the store file. */
  mediaDir?: string;
  /** Called as a full ingest reads records: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SyncSummary extends ChangeSummary {
  /** "incremental", or "full" when the store was rebuilt (asked to, none yet, the taxonomy changed, an older store layout, a bulk change). */
  mode: 'incremental' | 'full';
  published: boolean;
  seconds: number;
  /** The full ingest's own summary, when one ran. */
  full?: IngestSummary;
  /** The images published after the text (null: nothing changed). */
  media: MediaSummary | null;
}

/**
 * Brings the store up to date with the content directory: the one entry of every
 * ingest (`npm run ingest`, `npm run dev`'s watcher, the web editor's saves, `curate`).
 * An in-place update of only the changed files when it can (lib/ingest/incremental.ts),
 * a full rebuild into a new file when it must (lib/ingest/full.ts), followed by an
 * update that applies whatever was saved while the rebuild ran.
 */
export async function syncStore(options: SyncOptions): Promise<SyncSummary> {
  const started = performance.now();
  const summary: SyncSummary = { mode: 'incremental', published: false, added: [], changed: [], removed: [], renamed: [], unchanged: 0, problems: [], stillRejected: [], seconds: 0, media: null };
  const done = async (changed: boolean) => {
    // The text is live; now the images it names (reused when already published).
    if (changed) summary.media = await publishMedia({ contentDir: options.contentDir, databasePath: options.databasePath, mediaDir: options.mediaDir ?? path.join(path.dirname(options.databasePath), 'media') });
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  };

  if (!options.full && fs.existsSync(options.databasePath)) {
    // A full ingest may swap in a new store file while this update runs: start over on it.
    for (let attempt = 1; ; attempt++) {
      const outcome = applyChanges(options, summary);
      if (outcome === 'replaced') {
        if (attempt >= 3) throw new Error('the store kept being replaced during the update; run the ingest again');
        Object.assign(summary, { added: [], changed: [], removed: [], renamed: [], unchanged: 0, problems: [], stillRejected: [] });
        continue;
      }
      if (outcome !== 'rebuild') {
        summary.published = outcome !== 'refused';
        return done(outcome === 'applied');
      }
      break;
    }
  }

  const full = await ingestAll({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid, onProgress: options.onProgress });
  Object.assign(summary, { mode: 'full', published: full.published, problems: full.problems, full, added: [], changed: [], removed: [], renamed: [], unchanged: 0 });
  if (full.published) {
    // The files the rebuild read carry their size and time in the new store, so anything
    // written since (an editor's save into the store it replaced) shows as changed.
    const catchUp: ChangeSummary = { added: [], changed: [], removed: [], renamed: [], unchanged: 0, problems: [], stillRejected: [] };
    if (applyChanges({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid }, catchUp) === 'refused') {
      summary.problems.push(...catchUp.problems);
    }
  }
  return done(full.published);
}
