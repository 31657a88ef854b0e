import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { relatedNews, type RelatedInput, type RelatedLists } from '../catalog/related';
import type { AdmittedNews, AdmittedOffering } from '../catalog/rules';
import type { Named } from '../catalog/view';
import type { PreparedOffering, PreparedRecord } from '../content/prepare';
import { refreshDerived } from './derived';
import { applyMigrations } from './migrate';
import { mergedNewsRows, newsRows, profileRows, sourceFileHash, xorInto, type NewsRows, type ProfileRows, type SourceFileRow } from './rows';
import type { Row } from './tables';
import type { StoreWriter } from './writer';
import { StoreRows } from './writes';

/**
 * Items are put in batches of this many, each in id order: the rows hanging off them then
 * go in few statements and few places of their tables, and their search entries make few
 * segments of the index. The items themselves wait in a stage and go in all in id order at
 * the end (StoreRows.createNewsStage).
 */
const NEWS_BATCH = 1000;

/**
 * The writer of a new store (writer.ts): builds it in a temporary file beside the served
 * one, then swaps it in with a rename: readers see either the old store or the new one,
 * never a partial one, whatever happens to this process. An abandoned temporary file is
 * removed by the next build. Nobody reads the file while it is built, so rows go in when
 * it suits the load: items in id order at the end, their search entries and what hangs
 * off them in batches by id, named things and profiles (few, changed as records come) at
 * the end, secondary indexes after the rows.
 */
export class NewFileWriter implements StoreWriter {
  private readonly db: Database.Database;
  private readonly tmpPath: string;
  private readonly rows: StoreRows;
  private readonly deferredIndexes: string[] = [];
  private closed = false;
  private news: NewsRows[] = [];
  /** Items in the stage (StoreRows.createNewsStage) by id: their place in it. */
  private readonly staged = new Map<number, number>();
  private nextSeq = 1;
  private files: SourceFileRow[] = [];
  /** Files written (their claims with them), with their digests: one set again replaces what it claimed. */
  private readonly filesWritten = new Map<string, string>();
  /** The store's content digest (see contentDigestOf), kept as files are set. */
  private readonly contentDigest = Buffer.alloc(32);
  /** Named things by kind and id, as last known; profiles by offering. */
  private readonly entities = new Map<string, Named>();
  private readonly profiles = new Map<number, ProfileRows>();
  private readonly related: RelatedInput[] = [];

  /** `pipelineDigest`: the code that makes the rows (lib/ingest/pipeline.ts), remembered by the store. */
  constructor(
    private readonly targetPath: string,
    private readonly pipelineDigest: string | null = null,
  ) {
    fs.mkdirSync(path.dirname(targetPath), { recursive: true });
    removeAbandonedBuilds(targetPath);
    this.tmpPath = buildPath(targetPath);
    this.db = new Database(this.tmpPath);
    // Nobody reads this file until it is renamed into place, and a crash just
    // leaves it to be discarded: no journal, no fsync per transaction.
    // Pages of 16 KiB: an item's row is 2–3 KiB, so a 4 KiB page held one and most of
    // every insert went into splitting pages (measured at 10,000 records: rows written 7 %
    // and the indexes and commit 25 % faster, the file 8 % smaller, page reads alike).
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    // 64 MiB of page cache: enough to keep the index pages hot during the load.
    this.db.pragma('cache_size = -65536');
    // News rows arrive before the topics, offerings… they point to, which are only
    // complete at the end; integrity is checked once, in publish().
    this.db.pragma('foreign_keys = OFF');
    applyMigrations(this.db, undefined, { deferIndexes: this.deferredIndexes });
    this.db.exec('BEGIN');
    this.rows = new StoreRows(this.db);
    this.rows.createNewsStage();
  }

  putEntities(named: readonly Named[]): void {
    for (const n of named) this.entities.set(`${n.kind}\0${n.entity.id}`, n);
  }

  putNews(record: PreparedRecord, admitted: AdmittedNews): void {
    this.news.push(newsRows(record, admitted));
    this.related.push({ id: admitted.id, date: record.date, topicIds: admitted.topicIds });
    if (this.news.length >= NEWS_BATCH) this.flush();
  }

  addToNews(record: PreparedRecord, admitted: AdmittedNews, itemDate: number): void {
    // The item's own rows first: these only add to them.
    this.flush();
    this.rows.addNewsLinks([mergedNewsRows(record, admitted, itemDate)]);
    const related = this.related.find((r) => r.id === admitted.id);
    if (related) related.topicIds = [...new Set([...related.topicIds, ...admitted.topicIds])];
  }

  putProfile(offering: PreparedOffering, admitted: AdmittedOffering): void {
    this.profiles.set(admitted.offeringId, profileRows(offering, admitted));
  }

  setSourceFile(row: SourceFileRow): void {
    const before = this.filesWritten.get(row.path);
    if (before !== undefined) xorInto(this.contentDigest, sourceFileHash({ path: row.path, digest: before }));
    xorInto(this.contentDigest, sourceFileHash(row));
    this.filesWritten.set(row.path, row.digest);
    if (before !== undefined) {
      this.flush();
      this.rows.putSourceFiles([row]);
      return;
    }
    this.files.push(row);
    if (this.files.length >= NEWS_BATCH) this.flush();
  }

  removeContent(file: Pick<SourceFileRow, 'newsId' | 'offeringId'>): void {
    this.flush();
    if (file.newsId !== null) {
      const seq = this.staged.get(file.newsId);
      if (seq === undefined) this.rows.deleteNews(file.newsId);
      else this.rows.unstageNews(file.newsId, seq);
      this.staged.delete(file.newsId);
      const at = this.related.findIndex((r) => r.id === file.newsId);
      if (at >= 0) this.related.splice(at, 1);
    }
    if (file.offeringId !== null) {
      this.profiles.delete(file.offeringId);
      this.rows.deleteProfile(file.offeringId);
    }
  }

  removeFile(file: SourceFileRow): void {
    this.removeContent(file);
    this.rows.deleteSourceFile(file.path);
    const before = this.filesWritten.get(file.path);
    if (before !== undefined) xorInto(this.contentDigest, sourceFileHash({ path: file.path, digest: before }));
    this.filesWritten.delete(file.path);
  }

  /** The items and files put since the last batch. */
  private flush(): void {
    if (this.news.length) {
      // In id order: the rows hanging off them then go in few places of their tables.
      const items = this.news.sort((a, b) => a.item.id - b.item.id);
      const first = this.nextSeq;
      items.forEach((n, i) => this.staged.set(n.item.id, first + i));
      this.nextSeq = first + items.length;
      this.rows.stageNews(items, first);
      this.news = [];
    }
    if (this.files.length) {
      this.rows.putSourceFiles(this.files, true);
      this.files = [];
    }
  }

  /**
   * Writes the staged items, named things, profiles and related news, makes the indexes
   * and counts, commits, and swaps the new store into place. `chooseRelated` may choose
   * the related news on another thread (lib/ingest/preparation.ts): they are chosen while
   * the staged rows go in. Returns the seconds spent waiting for them.
   */
  async publish(chooseRelated: (items: RelatedInput[]) => Promise<RelatedLists> = async (items) => relatedNews(items)): Promise<{ relatedSeconds: number }> {
    const db = this.db;
    this.flush();
    const related = chooseRelated(this.related);
    this.rows.putStagedNews();
    this.rows.putEntities([...this.entities.values()]);
    for (const p of this.profiles.values()) this.rows.putProfile(p);
    const started = performance.now();
    const lists = await related;
    const relatedSeconds = (performance.now() - started) / 1000;
    // In item order: the rows then go to the end of their table and index.
    this.rows.putRelated([...lists].sort((a, b) => a[0] - b[0]), false);
    for (const statement of this.deferredIndexes) db.exec(statement);
    refreshDerived(db);
    this.keepPublishedImages();
    this.rows.rankSearch();
    this.rows.optimizeSearch();
    const recordCount = db.prepare('SELECT count(*) FROM NewsItem').pluck().get() as number;
    this.rows.putStoreInfo({ id: 1, ingestedAt: Date.now(), contentDigest: this.contentDigest.toString('hex'), recordCount, pipelineDigest: this.pipelineDigest });
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE');
    // Statistics for the query planner from a sample of each index: enough to pick
    // the right index, at a fraction of a full ANALYZE's cost on a large store.
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
    db.close();
    this.closed = true;

    swapIntoPlace(this.tmpPath, this.targetPath);
    return { relatedSeconds };
  }

  /**
   * What the served store knows of the images it shows (lib/store/media.ts), for those the
   * new one still names: pages keep their images from the moment of the swap, and only
   * new or changed image files are read again afterwards.
   */
  private keepPublishedImages(): void {
    if (!fs.existsSync(this.targetPath)) return;
    let rows: Row<'Image'>[] = [];
    try {
      const served = new Database(this.targetPath, { readonly: true, fileMustExist: true });
      try {
        rows = served.prepare('SELECT * FROM Image').all() as Row<'Image'>[];
      } finally {
        served.close();
      }
    } catch {
      return; // none yet, or a store from before images were published
    }
    const named = new Set(
      this.db.prepare('SELECT featuredImageHref FROM NewsItem UNION SELECT logoHref FROM Offering UNION SELECT imageHref FROM Offering UNION SELECT iconHref FROM Source').pluck().all() as string[],
    );
    this.rows.putImages(
      rows.filter((row) => named.has(row.path)),
      true,
    );
  }

  /** Drops the half-built store; the served one is untouched. */
  abandon(): void {
    if (!this.closed) {
      this.db.close();
      this.closed = true;
    }
    fs.rmSync(this.tmpPath, { force: true });
    buildsInProgress.delete(this.tmpPath);
  }
}

/** Drops a build's temporary file that was not swapped in (a copy of the served store not used). */
export function discardBuild(tmpPath: string): void {
  fs.rmSync(tmpPath, { force: true });
  buildsInProgress.delete(tmpPath);
}

/** Temporary files of builds this process has under way (two may run at once: a webhook's sync beside an editor's save). */
const buildsInProgress = new Set<string>();
let builds = 0;

/** A new temporary file for a build, named by this process and a number of its own. */
function buildPath(targetPath: string): string {
  const tmpPath = `${targetPath}.building-${process.pid}-${++builds}`;
  fs.rmSync(tmpPath, { force: true });
  buildsInProgress.add(tmpPath);
  return tmpPath;
}

/** Temporary files of builds whose process is gone (killed mid-ingest). */
function removeAbandonedBuilds(targetPath: string): void {
  const dir = path.dirname(targetPath);
  const prefix = `${path.basename(targetPath)}.building-`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    if (buildsInProgress.has(path.join(dir, name))) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes a finished store file the served one: durable first, then renamed over it while
 * holding the served store's write lock. An incremental update (lib/store/update.ts) is
 * then never half-way through a transaction on the old file, whose rollback journal,
 * found beside the new file by name, would be taken for the new file's. Updates that
 * come after see the file was replaced.
 */
export function swapIntoPlace(tmpPath: string, targetPath: string): void {
  const fd = fs.openSync(tmpPath, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const served = fs.existsSync(targetPath) ? new Database(targetPath, { fileMustExist: true }) : null;
  try {
    served?.pragma('busy_timeout = 30000');
    served?.exec('BEGIN IMMEDIATE');
    fs.renameSync(tmpPath, targetPath);
    buildsInProgress.delete(tmpPath);
  } finally {
    if (served?.inTransaction) served.exec('ROLLBACK');
    served?.close();
  }
  try {
    const dirFd = fs.openSync(path.dirname(targetPath), 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Directories cannot be fsynced on every platform; the rename is still atomic.
  }
}

/**
 * A copy of the served store to rebuild from (a rebuild that reuses the rows of
 * unchanged files, lib/ingest/update-store.ts), taken under its write lock so no update is half
 * written into it. Named like a build in progress: a crash leaves it to be cleaned up.
 */
export function copyServedStore(targetPath: string): string {
  removeAbandonedBuilds(targetPath);
  const tmpPath = buildPath(targetPath);
  const served = new Database(targetPath, { fileMustExist: true });
  try {
    served.pragma('busy_timeout = 30000');
    served.exec('BEGIN IMMEDIATE');
    fs.copyFileSync(targetPath, tmpPath, fs.constants.COPYFILE_FICLONE);
  } finally {
    if (served.inTransaction) served.exec('ROLLBACK');
    served.close();
  }
  return tmpPath;
}
