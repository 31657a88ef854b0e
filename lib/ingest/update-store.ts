import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config/env';
import { cacheKey } from '../store/cache-keys';
import type { MediaSummary } from '../store/media';
import { lookAtStore } from '../store/source-files';
import { TAXONOMY_FILE } from '../content/discover';
import { diagnostic, type Diagnostic } from '../content/problems';
import { compareFiles, nothingToDo, taxonomyChanged, toldPaths } from './changes';
import type { IngestSummary } from './full';
import { pipelineDigest } from './pipeline';
import { warmUpPreparation } from './preparation';
import { purgeCaches, type PurgeReport } from './purge';
import type { ChangeOptions, ChangeSummary } from './incremental';

export interface StoreUpdateOptions extends ChangeOptions {
  /**
   * Rebuild the store into a new file, swapped in whole, even when an in-place update
   * could do. The rows of files whose bytes the store already knows are reused when the
   * same code made them (lib/ingest/pipeline.ts); otherwise every file is read.
   */
  full?: boolean;
  /** With `full`: read every file, reusing nothing. */
  fromScratch?: boolean;
  /** Cache servers to purge after a change (lib/ingest/purge.ts); PURGE_URLS when not given. */
  purgeUrls?: string[];
  /** Where the images are published (lib/store/media.ts); without it, beside the store file. */
  mediaDir?: string;
  /** Called as a full ingest reads records: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Called as the images are published after the text: (done, total). */
  onMediaProgress?: (done: number, total: number) => void;
}

export interface StoreUpdateSummary extends ChangeSummary {
  /** "incremental", or "full" when the store was rebuilt (asked to, none yet, the taxonomy changed, an older store layout, a bulk change). */
  mode: 'incremental' | 'full';
  published: boolean;
  seconds: number;
  /** The full ingest's own summary, when one ran. */
  full?: IngestSummary;
  /** A rebuild that reused the rows of the files the store already knew (`added`, `changed`… say what was read). */
  reused?: boolean;
  /** The images published after the text (null: nothing changed). */
  media: MediaSummary | null;
  /** What the cache tier was told to drop (null: nothing changed, or no cache configured). */
  purge?: PurgeReport | null;
  /**
   * Every diagnostic of this ingest, one list (lib/content/problems.ts): the errors of the
   * records it refused, those still refused from before, what an editor should fix in
   * the records it read, and images that could not be published.
   */
  diagnostics: Diagnostic[];
}

/**
 * Brings the store up to date with the content directory: the one entry of every
 * ingest (`npm run ingest`, `npm run dev`'s watcher, the web editor's saves, `curate`).
 * An in-place update of only the changed files when it can (lib/ingest/incremental.ts),
 * a full rebuild into a new file when it must (lib/ingest/full.ts), followed by an
 * update that applies whatever was saved while the rebuild ran.
 */
export async function updateStore(options: StoreUpdateOptions): Promise<StoreUpdateSummary> {
  const started = performance.now();
  const summary: StoreUpdateSummary = { mode: 'incremental', published: false, ...noChanges(), seconds: 0, media: null, diagnostics: [] };
  // Most runs find nothing to do (a pre-commit hook, a second `npm run ingest`): say so
  // without loading the record pipeline, which costs more than the look itself.
  if (!options.full) {
    const idle = nothingChanged(options);
    if (idle) return withDiagnostics({ ...summary, published: true, unchanged: idle.unchanged, stillRejected: idle.stillRejected, seconds: (performance.now() - started) / 1000 });
  }
  // Something is to be read: the record worker starts loading now (~0.5 s), while this
  // thread loads the rest of the ingest and compares the files.
  warmUpPreparation();
  const [{ applyChanges }, { ingestAll }, { publishMedia }, { copyServedStore, discardBuild, swapIntoPlace }] = await Promise.all([
    import('./incremental'),
    import('./full'),
    import('../store/media'),
    import('../store/build'),
  ]);
  const done = async (changed: boolean) => {
    if (changed) {
      // The text is live; now the images it names (reused when already published), then
      // the cache tier drops the pages the change touched (every page after a rebuild
      // from scratch), so that what it fetches again has its images.
      summary.media = await publishMedia({ contentDir: options.contentDir, databasePath: options.databasePath, mediaDir: options.mediaDir ?? path.join(path.dirname(options.databasePath), 'media'), onProgress: options.onMediaProgress });
      const urls = options.purgeUrls ?? config().purgeUrls;
      const keys = summary.mode === 'full' && !summary.reused ? [cacheKey.site] : (summary.keys ?? []);
      if (urls.length && keys.length) summary.purge = await purgeCaches(urls, keys);
    }
    return withDiagnostics({ ...summary, seconds: (performance.now() - started) / 1000 });
  };

  if (!options.full && fs.existsSync(options.databasePath)) {
    // A full ingest may swap in a new store file while this update runs: start over on it.
    for (let attempt = 1; ; attempt++) {
      const outcome = await applyChanges(options, summary);
      if (outcome === 'replaced') {
        if (attempt >= 3) throw new Error('the store kept being replaced during the update; run the ingest again');
        Object.assign(summary, noChanges());
        continue;
      }
      if (outcome !== 'rebuild') {
        summary.published = outcome !== 'refused';
        return done(outcome === 'applied');
      }
      break;
    }
  }

  if (options.full && !options.fromScratch && reusable(options)) {
    // A copy of the served store, brought up to date in place (only changed files read:
    // the same update as always, which tests hold equal to a full ingest), then swapped
    // in whole as a full ingest is. Too many changes, and it rebuilds from scratch below.
    const copy = copyServedStore(options.databasePath);
    try {
      const outcome = await applyChanges({ ...options, databasePath: copy }, summary);
      if (outcome === 'applied' || outcome === 'unchanged') {
        swapIntoPlace(copy, options.databasePath);
        Object.assign(summary, { mode: 'full', reused: true, published: true });
        await catchUp(summary);
        return done(true);
      }
      if (outcome === 'refused') {
        Object.assign(summary, { mode: 'full', reused: true, published: false });
        return done(false);
      }
      Object.assign(summary, noChanges());
    } finally {
      discardBuild(copy);
    }
  }

  const full = await ingestAll({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid, onProgress: options.onProgress, deadlineMs: options.deadlineMs });
  Object.assign(summary, noChanges(), { mode: 'full', published: full.published, problems: full.problems, warnings: full.warnings, full });
  if (full.published) await catchUp(summary);
  return done(full.published);

  /**
   * After a new store file is swapped in: the files the rebuild read carry their size
   * and time in it, so anything written since (an editor's save into the store it
   * replaced) shows as changed, and is applied now.
   */
  async function catchUp(into: StoreUpdateSummary): Promise<void> {
    const later = noChanges();
    // Most often nothing was saved meanwhile: the cheap look says so (file stamps only).
    if (nothingChanged({ contentDir: options.contentDir, databasePath: options.databasePath })) return;
    if ((await applyChanges({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid, deadlineMs: options.deadlineMs }, later)) === 'refused') into.problems.push(...later.problems);
    into.warnings.push(...later.warnings);
    if (later.keys) into.keys = [...new Set([...(into.keys ?? []), ...later.keys])];
  }
}

/** A summary of no change yet: where each attempt at an update starts (keys cleared too). */
function noChanges(): ChangeSummary {
  return { added: [], changed: [], removed: [], renamed: [], unchanged: 0, problems: [], stillRejected: [], warnings: [], keys: undefined };
}

/** The summary with its one list of diagnostics: errors (of this run, then those still standing), then warnings, then images. */
function withDiagnostics(summary: StoreUpdateSummary): StoreUpdateSummary {
  const media = (summary.media?.problems ?? []).map((p) => diagnostic('image-unusable', p.file, p.message));
  summary.diagnostics = [...summary.problems, ...summary.stillRejected, ...summary.warnings, ...media];
  return summary;
}

/**
 * Whether the store is up to date with the files, by the same comparison the update makes
 * (lib/ingest/changes.ts), read without the write lock: null when anything differs, the
 * store's layout is older than this code's, or a folder cannot be listed (the update then
 * decides and reports).
 */
function nothingChanged(options: ChangeOptions): { unchanged: number; stillRejected: ChangeSummary['stillRejected'] } | null {
  return lookAtStore(options.databasePath, (store) => {
    if (!store.current(pipelineDigest())) return null;
    const told = toldPaths(options.paths);
    const known = told ? store.sourceFiles([...told, TAXONOMY_FILE]) : store.stamps();
    if (taxonomyChanged(options.contentDir, known.get(TAXONOMY_FILE))) return null;
    const changes = compareFiles(options.contentDir, known, told);
    if (!nothingToDo(changes)) return null;
    return { unchanged: changes.unchanged, stillRejected: told ? [] : store.rejected() };
  });
}

/** Whether the served store's rows can be reused by a rebuild: its layout and the code that made it are this code's. */
function reusable(options: ChangeOptions): boolean {
  return lookAtStore(options.databasePath, (store) => store.current(pipelineDigest())) === true;
}
