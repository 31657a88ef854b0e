import { judge, preparedOf, type Prepared } from '../catalog/judge';
import { FolderListing, readRecordFile, type RejectedFile } from '../content/prepare';
import type { RecordProblem } from '../content/problems';
import { rejectedSourceFile, sourceFileOf, type SourceFileRow } from '../store/rows';
import { StoreUpdater } from '../store/update';
import { TAXONOMY_FILE } from '../content/discover';
import { compareFiles, taxonomyChanged, toldPaths } from './changes';
import { pipelineDigest } from './pipeline';

export interface ChangeOptions {
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

/** What an in-place update did, file by file. */
export interface ChangeSummary {
  added: string[];
  changed: string[];
  removed: string[];
  /** Files moved without a change of content: [from, to]. */
  renamed: [string, string][];
  unchanged: number;
  problems: RecordProblem[];
  /**
   * Files rejected by an earlier ingest (with --skip-invalid) that did not change since:
   * still in content/, still not published. Known when every file was compared.
   */
  stillRejected: RecordProblem[];
  /** The surrogate keys of the pages the change touched (lib/store/cache-keys.ts), when applied. */
  keys?: string[];
}

/**
 * `applied` and `unchanged`: done. `refused`: a changed record is invalid, nothing was
 * written. `rebuild`: only a full ingest gets it right (the taxonomy changed, an older
 * store layout, a bulk change). `replaced`: a full ingest swapped in a new store file
 * meanwhile; try again on it.
 */
export type ChangeOutcome = 'applied' | 'unchanged' | 'refused' | 'rebuild' | 'replaced';

/**
 * Applies to the served store, in place and in one transaction, only what changed
 * since it was built: files are compared with the store's SourceFile rows by size and
 * modification time, then by content hash; new and edited records go through the
 * whole per-record pipeline and the rules across records, deleted ones are taken out,
 * a file moved unchanged keeps its item. Like a full ingest, nothing changes when a
 * changed record is invalid (unless `skipInvalid`). `syncStore` (sync.ts) decides
 * between this and a full ingest.
 */
export function applyChanges(options: ChangeOptions, summary: ChangeSummary): ChangeOutcome {
  const updater = new StoreUpdater(options.databasePath);
  try {
    if (!updater.canUpdate(pipelineDigest())) return 'rebuild';
    // Everything from reading what the store knows to writing the changes happens under
    // the store's write lock: another writer (an editor's save in the app, the watcher
    // of npm run dev, the CLI) runs before or after, never on the same snapshot.
    return updater.transaction(() => changeInTransaction(updater, options, summary));
  } catch (err) {
    if (err instanceof Refused) return 'refused';
    throw err;
  } finally {
    updater.close();
  }
}

/** The body of the update's transaction; throws (rolling it back) to refuse. */
function changeInTransaction(updater: StoreUpdater, options: ChangeOptions, summary: ChangeSummary): ChangeOutcome {
  const { contentDir } = options;
  if (!updater.stillServed()) return 'replaced';
  const told = toldPaths(options.paths);
  const known = updater.sourceFiles(told ? [...told, TAXONOMY_FILE] : undefined);
  if (taxonomyChanged(contentDir, known.get(TAXONOMY_FILE))) return 'rebuild';

  // Which record files to look at, and which are gone.
  const { toPrepare, touched, gone, unchanged, problems: unlisted } = compareFiles(contentDir, known, told);
  summary.unchanged += unchanged;
  summary.problems.push(...unlisted);
  // A large share of the corpus changed (a bulk import, a branch switch): a full
  // ingest into a new file is as fast, and swaps in atomically.
  if (toPrepare.length + gone.length > Math.max(BULK_CHANGE, updater.fileCount() * 0.2)) return 'rebuild';
  if (!told) summary.stillRejected = updater.rejectedProblems(new Set([...toPrepare, ...gone.map((g) => g.path)]));
  if (toPrepare.length === 0 && gone.length === 0) {
    if (unlisted.length && !options.skipInvalid) throw new Refused();
    for (const f of touched) updater.setSourceFile(f);
    return 'unchanged';
  }

  // At most BULK_CHANGE files: read here, on this thread, inside the transaction.
  const prepared: Prepared[] = [];
  const rejected: RejectedFile[] = [];
  const listing = new FolderListing();
  for (const file of toPrepare) {
    const r = readRecordFile(contentDir, file, listing);
    const item = preparedOf(r);
    if (item) prepared.push(item);
    else rejected.push(r as RejectedFile);
  }
  for (const r of rejected) summary.problems.push(...r.problems);
  const fileOf = (item: Prepared) => (item.kind === 'news' ? item.record : item.offering);

  // A deleted file whose bytes reappear under a new name was moved: same item, same id.
  const goneByDigest = new Map(gone.map((g) => [g.digest, g]));
  const movedFrom = new Map<string, SourceFileRow>();
  for (const item of prepared) {
    const r = fileOf(item);
    const from = known.has(r.file) ? undefined : goneByDigest.get(r.digest);
    if (from) {
      movedFrom.set(r.file, from);
      goneByDigest.delete(r.digest);
      summary.renamed.push([from.path, r.file]);
    }
  }

  for (const f of touched) updater.setSourceFile(f);
  for (const g of gone) {
    updater.removeFileContent(g);
    updater.deleteSourceFile(g.path);
  }
  // Every changed file's old item (or profile) goes; the valid ones come back below. (A
  // file now rejected, applied with skipInvalid, is not published: as in a full ingest.)
  for (const file of [...prepared.map((p) => fileOf(p).file), ...rejected.map((r) => r.file)]) {
    const before = known.get(file);
    if (before) updater.removeFileContent(before);
  }
  for (const r of rejected) updater.setSourceFile(rejectedSourceFile(r));
  const conflicts: RecordProblem[] = [];
  for (const item of prepared) {
    const file = fileOf(item).file;
    const verdict = judge(item.kind === 'news' ? { ok: true, record: item.record } : { ok: true, offering: item.offering }, updater.catalog);
    if (verdict.state === 'conflicting') {
      conflicts.push(...verdict.problems);
      updater.setSourceFile(sourceFileOf(item, 'rejected', null, verdict.problems));
      continue;
    }
    if (verdict.state === 'published') {
      updater.writeNews(verdict.record, verdict.admitted);
      updater.setSourceFile(sourceFileOf(item, 'published', verdict.admitted.id));
    } else if (verdict.state === 'profiled') {
      updater.profileWritten(verdict.admitted);
      updater.setSourceFile(sourceFileOf(item, 'published', verdict.admitted.offeringId));
    } else {
      updater.setSourceFile(sourceFileOf(item, 'draft', null));
    }
    if (movedFrom.has(file)) continue;
    (known.has(file) ? summary.changed : summary.added).push(file);
  }
  summary.problems.push(...conflicts);
  // Every problem of the change is known by now, the invalid records' and the
  // conflicts among the valid ones: all are reported, then nothing is written.
  if ((rejected.length || conflicts.length || unlisted.length) && !options.skipInvalid) {
    summary.added = [];
    summary.changed = [];
    summary.renamed = [];
    throw new Refused();
  }
  const movedAway = new Set([...movedFrom.values()].map((m) => m.path));
  summary.removed.push(...gone.filter((g) => !movedAway.has(g.path)).map((g) => g.path));
  updater.finish();
  summary.keys = updater.touchedKeys();
  return 'applied';
}

/** Thrown inside the transaction to roll it back: a changed record is invalid. */
class Refused extends Error {}


/** Changed files beyond which a full ingest is used (see above). */
const BULK_CHANGE = 1000;
