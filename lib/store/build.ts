import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RelatedLists } from '../catalog/related';
import type { AdmittedNews } from '../catalog/rules';
import type { Entities, EntityKind, OfferingProfile } from '../catalog/view';
import type { PreparedRecord } from '../content/prepare';
import { refreshDerived } from './derived';
import { applyMigrations } from './migrate';
import { contentDigestOf, INSERT_CLAIM, NewsRowsWriter, ProfileWriter, sourceFileValues, UPSERT_SOURCE_FILE, type SourceFileRow } from './rows';

/** What the builder writes once every item is in: the named things, and related news. */
export interface StoreTail {
  entities: { [K in EntityKind]: Entities[K][] };
  profiles: OfferingProfile[];
  related: RelatedLists;
}

/**
 * Builds a new store in a temporary file beside the served one, then swaps it in
 * with a rename: readers see either the old store or the new one, never a partial
 * one, whatever happens to this process. An abandoned temporary file is removed by
 * the next build.
 */
export class StoreBuilder {
  private readonly db: Database.Database;
  private readonly tmpPath: string;
  private readonly insertSourceFile: Database.Statement;
  private readonly insertClaim: Database.Statement;
  private readonly rows: NewsRowsWriter;
  private readonly deferredIndexes: string[] = [];
  private closed = false;

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
    this.rows = new NewsRowsWriter(this.db);
    this.insertSourceFile = this.db.prepare(UPSERT_SOURCE_FILE);
    this.insertClaim = this.db.prepare(INSERT_CLAIM);
  }

  addSourceFile(row: SourceFileRow): void {
    this.insertSourceFile.run(sourceFileValues(row));
    for (const c of row.claims ?? []) this.insertClaim.run(c.key, c.exclusive ? 1 : 0, row.path);
  }

  addNews(record: PreparedRecord, admitted: AdmittedNews): void {
    this.rows.write(record, admitted);
  }

  /** Writes the shared tables, commits, and swaps the new store into place. */
  publish(tail: StoreTail): void {
    const db = this.db;
    const topic = db.prepare('INSERT INTO Topic (id, slug, name, collection, label, newsCount, description, parentId, fromTaxonomy) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)');
    const equivalent = db.prepare('INSERT OR IGNORE INTO TopicEquivalent (topicId, equivalentId) VALUES (?, ?)');
    for (const t of tail.entities.topic) {
      topic.run(t.id, t.slug, t.name, t.collection, t.label, t.description, t.parentId, t.fromTaxonomy ? 1 : 0);
      for (const e of t.equivalentIds) equivalent.run(t.id, e);
    }
    const offering = db.prepare('INSERT INTO Offering (id, slug, label, offeringId, newsCount) VALUES (?, ?, ?, ?, 0)');
    for (const o of tail.entities.offering) offering.run(o.id, o.slug, o.label, o.offeringId);
    const source = db.prepare('INSERT INTO Source (id, slug, brand, newsCount, title, siteUrl, feedUrl, iconHref) VALUES (?, ?, ?, 0, ?, ?, ?, ?)');
    for (const s of tail.entities.source) source.run(s.id, s.slug, s.brand, s.title, s.siteUrl, s.feedUrl, s.iconHref);
    const profile = new ProfileWriter(db);
    for (const p of tail.profiles) profile.write(p);
    const author = db.prepare('INSERT INTO Author (id, slug, name) VALUES (?, ?, ?)');
    for (const a of tail.entities.author) author.run(a.id, a.slug, a.name);
    const tag = db.prepare('INSERT INTO Tag (id, slug, name, newsCount) VALUES (?, ?, ?, 0)');
    for (const t of tail.entities.tag) tag.run(t.id, t.slug, t.name);
    const section = db.prepare('INSERT INTO Section (id, path, label, newsCount) VALUES (?, ?, ?, 0)');
    for (const x of tail.entities.section) section.run(x.id, x.slug, x.name);
    const related = db.prepare('INSERT INTO RelatedNews (newsId, rank, relatedId) VALUES (?, ?, ?)');
    for (const [newsId, ids] of tail.related) ids.forEach((r, i) => related.run(newsId, i, r));
    for (const statement of this.deferredIndexes) db.exec(statement);
    refreshDerived(db);
    this.keepPublishedImages();
    // Search ranking: bm25 with the title weighing most (lib/store/queries/search.ts),
    // and the full-text index merged into few segments, which makes queries faster.
    db.prepare("INSERT INTO NewsSearch (NewsSearch, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 3.0, 2.0, 2.0)')").run();
    db.prepare("INSERT INTO NewsSearch (NewsSearch) VALUES ('optimize')").run();
    const recordCount = db.prepare('SELECT count(*) FROM NewsItem').pluck().get() as number;
    db.prepare('INSERT INTO StoreInfo (id, ingestedAt, contentDigest, recordCount, pipelineDigest) VALUES (1, ?, ?, ?, ?)').run(Date.now(), contentDigestOf(db), recordCount, this.pipelineDigest);
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE');
    // Statistics for the query planner from a sample of each index: enough to pick
    // the right index, at a fraction of a full ANALYZE's cost on a large store.
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
    db.close();
    this.closed = true;

    swapIntoPlace(this.tmpPath, this.targetPath);
  }

  /**
   * What the served store knows of the images it shows (lib/store/media.ts), for those the
   * new one still names: pages keep their images from the moment of the swap, and only
   * new or changed image files are read again afterwards.
   */
  private keepPublishedImages(): void {
    if (!fs.existsSync(this.targetPath)) return;
    let rows: Record<string, unknown>[] = [];
    try {
      const served = new Database(this.targetPath, { readonly: true, fileMustExist: true });
      try {
        rows = served.prepare('SELECT * FROM Image').all() as Record<string, unknown>[];
      } finally {
        served.close();
      }
    } catch {
      return; // none yet, or a store from before images were published
    }
    const named = new Set(
      this.db.prepare('SELECT featuredImageHref FROM NewsItem UNION SELECT logoHref FROM Offering UNION SELECT imageHref FROM Offering UNION SELECT iconHref FROM Source').pluck().all() as string[],
    );
    const insert = this.db.prepare('INSERT OR IGNORE INTO Image (path, digest, format, width, height, variants, size, mtimeMs) VALUES (@path, @digest, @format, @width, @height, @variants, @size, @mtimeMs)');
    for (const row of rows) if (named.has(row.path as string)) insert.run(row);
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
 * unchanged files, lib/ingest/sync.ts), taken under its write lock so no update is half
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
