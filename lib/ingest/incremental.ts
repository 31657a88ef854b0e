import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordProblem } from '../content/problems';
import { StoreUpdater } from '../store/update';
import type { SourceFileRow } from '../store/write';
import { TAXONOMY_FILE } from '../taxonomy/format';
import { discoverRecords, isRecordPath } from './discover';
import { FolderListing, prepareRecordFile, type PreparedRecord, type PreparedResult } from './prepare';
import { ingest, recordSourceFile, rejectedSourceFile, type IngestSummary } from './run';

export interface UpdateOptions {
  contentDir: string;
  databasePath: string;
  /**
   * Files known to have changed (paths relative to the content directory, existing or
   * deleted): only these are looked at. Without it, every file is compared with what
   * the store remembers of it.
   */
  paths?: string[];
  /** Apply the valid changes even when some changed records are rejected. */
  skipInvalid?: boolean;
}

/**
 * After a full ingest has swapped in its new store: applies what changed while it ran
 * (an editor's save went into the store it replaced). The files it read carry their
 * size and time in the new store, so any file written since shows as changed.
 */
export async function catchUpAfterFullIngest(options: Omit<UpdateOptions, 'paths'>): Promise<UpdateSummary | null> {
  return updateStoreOnce(options, false);
}

export interface UpdateSummary {
  /** "incremental", or "full" when the store had to be rebuilt (none yet, the taxonomy changed, an older store layout). */
  mode: 'incremental' | 'full';
  published: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  /** Files moved without a change of content: [from, to]. */
  renamed: [string, string][];
  unchanged: number;
  problems: RecordProblem[];
  seconds: number;
  full?: IngestSummary;
}

/**
 * Re-ingests only what changed since the store was built: files are compared with the
 * store's SourceFile rows by size and modification time, then by content hash; new
 * and edited records go through the whole per-record pipeline, deleted ones are taken
 * out, a file moved unchanged keeps its item. Everything is applied to the served store
 * in one transaction. Like a full ingest, nothing changes when a changed record is
 * invalid (unless `skipInvalid`).
 */
export async function updateStore(options: UpdateOptions): Promise<UpdateSummary> {
  return (await updateStoreOnce(options, true))!;
}

async function updateStoreOnce(options: UpdateOptions, mayRebuild: boolean, attempt = 1): Promise<UpdateSummary | null> {
  const started = performance.now();
  const summary: UpdateSummary = { mode: 'incremental', published: false, added: [], changed: [], removed: [], renamed: [], unchanged: 0, problems: [], seconds: 0 };
  const full = async (): Promise<UpdateSummary | null> => {
    if (!mayRebuild) return null;
    const s = await ingest({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid });
    if (s.published) await catchUpAfterFullIngest({ contentDir: options.contentDir, databasePath: options.databasePath, skipInvalid: options.skipInvalid });
    return { ...summary, mode: 'full', published: s.published, problems: s.problems, seconds: (performance.now() - started) / 1000, full: s };
  };
  if (!fs.existsSync(options.databasePath)) return full();

  const updater = new StoreUpdater(options.databasePath);
  let outcome: 'applied' | 'unchanged' | 'refused' | 'rebuild' | 'replaced';
  try {
    if (!updater.canUpdate()) outcome = 'rebuild';
    // Everything from reading what the store knows to writing the changes happens under
    // the store's write lock: another writer (an editor's save in the app, the watcher
    // of npm run dev, the CLI) runs before or after, never on the same snapshot.
    else outcome = updater.transaction(() => applyChanges(updater, options, summary));
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    outcome = 'refused';
  } finally {
    updater.close();
  }
  if (outcome === 'rebuild') return full();
  // A full ingest swapped in a new store file while this one was opened: start over on it.
  if (outcome === 'replaced') {
    if (attempt >= 3) throw new Error('the store kept being replaced during the update; run the ingest again');
    return updateStoreOnce(options, mayRebuild, attempt + 1);
  }
  summary.published = outcome !== 'refused';
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The body of the update's transaction; throws (rolling it back) to refuse. */
function applyChanges(updater: StoreUpdater, options: UpdateOptions, summary: UpdateSummary): 'applied' | 'unchanged' | 'refused' | 'rebuild' | 'replaced' {
  const { contentDir } = options;
  if (!updater.stillServed()) return 'replaced';
  const told = options.paths ? [...new Set(options.paths.map((p) => p.split(path.sep).join('/')))] : undefined;
  const known = updater.sourceFiles(told ? [...told, TAXONOMY_FILE] : undefined);
  if (taxonomyChanged(contentDir, known.get(TAXONOMY_FILE))) return 'rebuild';

  // Which record files to look at, and which are gone.
  const candidates = told ? told.filter(isRecordPath) : discoverRecords(contentDir);
  const present = new Set<string>();
  const toPrepare: string[] = [];
  const touched: SourceFileRow[] = [];
  for (const file of candidates) {
    let st: fs.Stats;
    try {
      st = fs.statSync(path.join(contentDir, file));
      if (!st.isFile()) continue;
    } catch {
      continue; // deleted: found below
    }
    present.add(file);
    const before = known.get(file);
    if (before && before.size === st.size && before.mtimeMs === st.mtimeMs) {
      summary.unchanged++;
      continue;
    }
    if (before && before.size === st.size && fileDigest(path.join(contentDir, file)) === before.digest) {
      // Saved again with the same bytes: remember the new time, nothing else.
      touched.push({ ...before, mtimeMs: st.mtimeMs });
      summary.unchanged++;
      continue;
    }
    toPrepare.push(file);
  }
  const looked = told ? new Set(candidates) : null;
  const gone = [...known.values()].filter((f) => f.state !== 'taxonomy' && !present.has(f.path) && (looked === null || looked.has(f.path)));
  // A large share of the corpus changed (a bulk import, a branch switch): a full
  // ingest into a new file is as fast, and swaps in atomically.
  if (toPrepare.length + gone.length > Math.max(BULK_CHANGE, updater.fileCount() * 0.2)) return 'rebuild';
  if (toPrepare.length === 0 && gone.length === 0) {
    for (const f of touched) updater.setSourceFile(f);
    return 'unchanged';
  }

  // At most BULK_CHANGE files: read here, on this thread, inside the transaction.
  const prepared: PreparedRecord[] = [];
  const rejected: Extract<PreparedResult, { ok: false }>[] = [];
  const listing = new FolderListing();
  for (const file of toPrepare) {
    const r = prepareRecordFile(contentDir, file, listing);
    if (r.ok) prepared.push(r.record);
    else rejected.push(r);
  }
  for (const r of rejected) summary.problems.push(...r.problems);
  if (rejected.length && !options.skipInvalid) throw new Refused();

  // A deleted file whose bytes reappear under a new name was moved: same item, same id.
  const goneByDigest = new Map(gone.map((g) => [g.digest, g]));
  const movedFrom = new Map<string, SourceFileRow>();
  for (const r of prepared) {
    const from = known.has(r.file) ? undefined : goneByDigest.get(r.digest);
    if (from) {
      movedFrom.set(r.file, from);
      goneByDigest.delete(r.digest);
      summary.renamed.push([from.path, r.file]);
    }
  }

  for (const f of touched) updater.setSourceFile(f);
  for (const g of gone) {
    if (g.newsId !== null) updater.removeNews(g.newsId);
    updater.deleteSourceFile(g.path);
  }
  // Every changed file's old item goes; the valid ones come back below. (A file now
  // rejected, applied with skipInvalid, is not published: as in a full ingest.)
  for (const r of [...prepared, ...rejected]) {
    const before = known.get(r.file);
    if (before?.newsId != null) updater.removeNews(before.newsId);
  }
  for (const r of rejected) updater.setSourceFile(rejectedSourceFile(r));
  const conflicts: RecordProblem[] = [];
  for (const r of prepared) {
    const before = known.get(r.file) ?? movedFrom.get(r.file);
    const found = updater.conflicts(r);
    if (found.length) {
      conflicts.push(...found);
      updater.setSourceFile(recordSourceFile(r, 'rejected', null));
      continue;
    }
    if (r.status === 'draft') {
      updater.setSourceFile(recordSourceFile(r, 'draft', null));
    } else {
      const id = updater.addNews(r, before?.newsId ?? undefined);
      updater.setSourceFile(recordSourceFile(r, 'published', id));
    }
    if (movedFrom.has(r.file)) continue;
    (known.has(r.file) ? summary.changed : summary.added).push(r.file);
  }
  summary.problems.push(...conflicts);
  if (conflicts.length && !options.skipInvalid) {
    summary.added = [];
    summary.changed = [];
    summary.renamed = [];
    throw new Refused();
  }
  const movedAway = new Set([...movedFrom.values()].map((m) => m.path));
  summary.removed.push(...gone.filter((g) => !movedAway.has(g.path)).map((g) => g.path));
  updater.finish();
  return 'applied';
}

/** Thrown inside the transaction to roll it back: a changed record is invalid. */
class Refused extends Error {}


/** Changed files beyond which a full ingest is used (see above). */
const BULK_CHANGE = 1000;


function fileDigest(file: string): string {
  return crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

/** The taxonomy shapes every topic: when it changes, only a full ingest gets it right. */
function taxonomyChanged(contentDir: string, before: SourceFileRow | undefined): boolean {
  const file = path.join(contentDir, TAXONOMY_FILE);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return before !== undefined;
  }
  if (!before) return true;
  if (before.size === st.size && before.mtimeMs === st.mtimeMs) return false;
  return fileDigest(file) !== before.digest;
}
