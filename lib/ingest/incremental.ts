import fs from 'node:fs';
import path from 'node:path';
import { conflictGroup, claimsOf, type Claim } from '../catalog/claims';
import { judge, preparedOf } from '../catalog/judge';
import { isLeftOut, type PreparedResult } from '../content/prepare';
import type { Diagnostic } from '../content/problems';
import type { SourceFileRow } from '../store/source-files';
import { InPlaceWriter } from '../store/update';
import { applyVerdict } from '../store/writer';
import { TAXONOMY_FILE } from '../content/discover';
import { compareFiles, taxonomyChanged, toldPaths, type FileChanges } from './changes';
import { pipelineDigest } from './pipeline';
import { prepareFileMap } from './preparation';

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
  /** How long one record may take to read and render (lib/ingest/preparation.ts); RECORD_DEADLINE_MS when not given. */
  deadlineMs?: number;
}

/** What an in-place update did, file by file. */
export interface ChangeSummary {
  added: string[];
  changed: string[];
  removed: string[];
  /** Files moved without a change of content: [from, to]. */
  renamed: [string, string][];
  unchanged: number;
  problems: Diagnostic[];
  /**
   * Files rejected by an earlier ingest (with --skip-invalid) that did not change since
   * and are still rejected: still in content/, still not published. Known when every
   * file was compared.
   */
  stillRejected: Diagnostic[];
  /** What an editor should fix in the records this change read, though they publish (lib/catalog/notes.ts). */
  warnings: Diagnostic[];
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
 * a file moved unchanged keeps its item. The records whose fate a change can alter (the
 * conflict groups of lib/catalog/claims.ts: a record that lost a slug to a deleted one,
 * a new one that sorts before the holder of its slug) are judged again in path order,
 * so the store is the one a build from scratch of the same files makes, whatever the
 * history. Like a full ingest, nothing changes when a changed record is invalid (unless
 * `skipInvalid`). `updateStore` (sync.ts) decides between this and a full ingest.
 *
 * Records are read (and their bodies rendered, which a hostile body can make slow) on the
 * preparation service's workers, under its deadline, before the store's write lock is
 * taken; under the lock, files changed meanwhile are read again (a few rounds at most).
 */
export async function applyChanges(options: ChangeOptions, summary: ChangeSummary): Promise<ChangeOutcome> {
  const updater = new InPlaceWriter(options.databasePath);
  const prepared = new Map<string, PreparedResult>();
  const read = async (files: string[]) => {
    for (const [file, result] of await prepareFileMap(options.contentDir, files, { deadlineMs: options.deadlineMs })) prepared.set(file, result);
  };
  try {
    if (!updater.canUpdate(pipelineDigest())) return 'rebuild';
    // Without the lock: what the change is, and which records it reaches; those are read.
    // Each round reads the records the files read so far reach (their new claims).
    let plan: Plan | 'rebuild' | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      plan = updater.reading(() => planChange(updater, options, prepared));
      if (plan === 'rebuild') return 'rebuild';
      if (!plan.unread.length) break;
      await read(plan.unread);
    }
    // Under the lock: the plan holds if no other writer committed since and the files read
    // are as they were; otherwise it is made again, and what it lacks read, lock released.
    for (let attempt = 0; attempt < MAX_ROUNDS; attempt++) {
      const outcome = updater.transaction((): ChangeOutcome | string[] => {
        if (!updater.stillServed()) return 'replaced';
        let current = plan !== null && plan !== 'rebuild' && plan.dataVersion === updater.dataVersion() && plan.unread.length === 0 && planStillHolds(options.contentDir, plan, prepared) ? plan : null;
        if (!current) {
          const fresh = planChange(updater, options, prepared);
          if (fresh === 'rebuild') return 'rebuild';
          if (fresh.unread.length) return fresh.unread;
          current = fresh;
        }
        return applyPlan(updater, options, current, prepared, summary);
      });
      if (!Array.isArray(outcome)) return outcome;
      plan = null;
      await read(outcome);
    }
    throw new Error('the content kept changing while it was being applied; run the ingest again');
  } catch (err) {
    if (err instanceof Refused) return 'refused';
    throw err;
  } finally {
    updater.close();
  }
}

/** Rounds of reading what a change reaches, or of reading files that changed under the lock. */
const MAX_ROUNDS = 5;

/** What an update will do. */
interface Plan {
  told: string[] | undefined;
  /** The store's rows of the files looked at. */
  known: Map<string, SourceFileRow>;
  changes: FileChanges;
  /** Valid records to judge again, changed or not, in path order (from scratch, the first wins). */
  members: string[];
  /** Files the plan needs read that are not (or no longer as they are). */
  unread: string[];
  /** The store's data_version when planned. */
  dataVersion: number;
}

/**
 * What the change is (files compared with the store's rows), and which records it reaches
 * (their conflict group, from the changed records' claims before and after): every file
 * to read. Reads the store only.
 */
function planChange(updater: InPlaceWriter, options: ChangeOptions, prepared: Map<string, PreparedResult>): Plan | 'rebuild' {
  const { contentDir } = options;
  const told = toldPaths(options.paths);
  const known = updater.sourceFiles(told ? [...told, TAXONOMY_FILE] : undefined);
  if (taxonomyChanged(contentDir, known.get(TAXONOMY_FILE))) return 'rebuild';
  const changes = compareFiles(contentDir, known, told);
  const dataVersion = updater.dataVersion();
  const { toPrepare, gone } = changes;
  // A large share of the corpus changed (a bulk import, a branch switch): a full ingest
  // into a new file is as fast, and swaps in atomically.
  const bulk = Math.max(BULK_CHANGE, updater.fileCount() * 0.2);
  if (toPrepare.length + gone.length > bulk) return 'rebuild';
  const unread = toPrepare.filter((file) => !isFresh(contentDir, file, prepared.get(file)));
  if (unread.length) return { told, known, changes, members: [], unread, dataVersion };

  // The claims of the changed records, as the store has them and as they are now.
  const index = updater.claimIndex;
  const before = new Map<string, Claim[]>();
  for (const file of [...toPrepare, ...gone.map((g) => g.path)]) before.set(file, index.claims(file));
  const after = new Map<string, Claim[]>();
  for (const file of toPrepare) {
    const item = preparedOf(prepared.get(file)!);
    if (item) after.set(file, claimsOf(item));
  }
  const members = [...conflictGroup({ before, after }, index)].sort();
  if (members.length + gone.length > bulk) return 'rebuild';
  return { told, known, changes, members, unread: members.filter((file) => !isFresh(contentDir, file, prepared.get(file))), dataVersion };
}

/** Whether a file read earlier is still as it was read (its size and time; no result: no). */
function isFresh(contentDir: string, file: string, result: PreparedResult | undefined): boolean {
  if (!result) return false;
  const stamp = 'record' in result ? result.record : 'offering' in result ? result.offering : result;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(path.join(contentDir, file), { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  // A file that could not be read, or is gone: as good as it gets until it changes.
  if (!st || (!result.ok && stamp.size === 0 && stamp.mtimeMs === 0)) return !result.ok;
  return st.size === stamp.size && st.mtimeMs === stamp.mtimeMs;
}

/** Whether every file a plan read is still as it was read. */
function planStillHolds(contentDir: string, plan: Plan, prepared: Map<string, PreparedResult>): boolean {
  return [...plan.changes.toPrepare, ...plan.members].every((file) => isFresh(contentDir, file, prepared.get(file)));
}

/**
 * The body of the update's transaction, the plan made: what the changed files and the
 * records judged again published goes; then each of them, in path order, is judged
 * among the others and its verdict applied, as a build from scratch would. Throws
 * (rolling it back) to refuse.
 */
function applyPlan(writer: InPlaceWriter, options: ChangeOptions, plan: Plan, prepared: Map<string, PreparedResult>, summary: ChangeSummary): ChangeOutcome {
  const { known, changes, told, members } = plan;
  const { toPrepare, touched, gone, unchanged, problems: unlisted } = changes;
  summary.unchanged += unchanged;
  summary.problems.push(...unlisted);
  const rejectedAgain = () => (told ? [] : writer.rejectedProblems(new Set([...toPrepare, ...gone.map((g) => g.path), ...summary.problems.map((p) => p.file)])));
  if (toPrepare.length === 0 && gone.length === 0) {
    summary.stillRejected = rejectedAgain();
    if (unlisted.length && !options.skipInvalid) throw new Refused();
    for (const f of touched) writer.setSourceFile(f);
    return 'unchanged';
  }

  const changed = new Set(toPrepare);
  // The files to judge: the changed ones and the records their change reaches, in path
  // order (a record judged again that no longer reads, having run over the deadline this
  // time, is refused like a changed one).
  const judged = [...new Set([...toPrepare, ...members])].sort();

  // A deleted file whose bytes reappear under a new name was moved: same item, same id.
  const goneByDigest = new Map(gone.map((g) => [g.digest, g]));
  const movedFrom = new Map<string, SourceFileRow>();
  for (const file of toPrepare) {
    const result = prepared.get(file)!;
    if (!result.ok || known.has(file)) continue;
    const digest = 'record' in result ? result.record.digest : result.offering.digest;
    const from = goneByDigest.get(digest);
    if (from) {
      movedFrom.set(file, from);
      goneByDigest.delete(digest);
      summary.renamed.push([from.path, file]);
    }
  }

  for (const f of touched) writer.setSourceFile(f);
  for (const g of gone) writer.removeFile(g);
  // What every file to judge published goes (all of it first: a later record must not
  // keep a slug an earlier one wins below); they come back in path order. (A file now
  // rejected, applied with skipInvalid, is not published: as in a full ingest.)
  const before = writer.sourceFiles(judged);
  for (const row of before.values()) writer.removeContent(row);
  const catalog = writer.catalog();
  const invalid: Diagnostic[] = [];
  const conflicts: Diagnostic[] = [];
  for (const file of judged) {
    const verdict = judge(prepared.get(file)!, catalog);
    const row = applyVerdict(verdict, writer);
    if (verdict.state === 'rejected' && isLeftOut(verdict.file)) summary.warnings.push(...verdict.file.problems);
    else if (verdict.state === 'rejected') invalid.push(...verdict.file.problems);
    else if (verdict.state === 'conflicting') {
      // A record rejected before for the same reasons, unchanged, is still rejected; any other is a problem of this change.
      const was = before.get(file);
      if (changed.has(file) || was?.state !== 'rejected' || was.problems !== row.problems) conflicts.push(...verdict.problems);
    } else if (changed.has(file) && !movedFrom.has(file)) {
      if ('notes' in verdict) summary.warnings.push(...verdict.notes);
      (known.has(file) ? summary.changed : summary.added).push(file);
    }
  }
  summary.problems.push(...invalid, ...conflicts);
  summary.stillRejected = rejectedAgain();
  // Every problem of the change is known by now, the invalid records' and the
  // conflicts among the valid ones: all are reported, then nothing is written.
  if ((invalid.length || conflicts.length || unlisted.length) && !options.skipInvalid) {
    summary.added = [];
    summary.changed = [];
    summary.renamed = [];
    throw new Refused();
  }
  const movedAway = new Set([...movedFrom.values()].map((m) => m.path));
  summary.removed.push(...gone.filter((g) => !movedAway.has(g.path)).map((g) => g.path));
  writer.finish();
  summary.keys = writer.touchedKeys();
  return 'applied';
}

/** Thrown inside the transaction to roll it back: a changed record is invalid. */
class Refused extends Error {}

/** Changed files beyond which a full ingest is used (see above). */
const BULK_CHANGE = 1000;
