import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate';
import { SEARCH_KEY_IDS, searchKey } from './search-key';

/** Rows for the store, as the ingest assembles them. Dates are epoch milliseconds. */
export interface NewsRow {
  id: number;
  slug: string;
  recordId: number | null;
  title: string;
  description: string | null;
  bodyHtml: string;
  date: number;
  lastMod: number | null;
  url: string;
  originalUrl: string | null;
  sourceId: number | null;
  featuredImageHref: string | null;
  featuredImageAlt: string | null;
  featuredImageWidth: number | null;
  featuredImageHeight: number | null;
  breadcrumbs: string;
  socialMeta: string;
  extra: string;
  status: string;
  sourcePath: string;
}

const NEWS_COLUMNS = [
  'id', 'slug', 'recordId', 'title', 'description', 'bodyHtml', 'date', 'lastMod', 'url', 'originalUrl', 'sourceId',
  'featuredImageHref', 'featuredImageAlt', 'featuredImageWidth', 'featuredImageHeight', 'breadcrumbs', 'socialMeta', 'extra', 'status', 'sourcePath',
] as const satisfies readonly (keyof NewsRow)[];

/**
 * The rows of one item: the item, its links to topics, offerings, authors and tags,
 * its old addresses and its search-index entry. Used by the full build and by the
 * in-place update (lib/store/update.ts) alike, so both write an item the same way.
 */
export class NewsRowsWriter {
  private readonly news: Database.Statement;
  private readonly topic: Database.Statement;
  private readonly offering: Database.Statement;
  private readonly offeringTopic: Database.Statement;
  private readonly author: Database.Statement;
  private readonly tag: Database.Statement;
  private readonly alias: Database.Statement;
  private readonly search: Database.Statement;

  constructor(db: Database.Database) {
    this.news = db.prepare(`INSERT INTO NewsItem (${NEWS_COLUMNS.join(', ')}) VALUES (${NEWS_COLUMNS.map(() => '?').join(', ')})`);
    this.topic = db.prepare('INSERT INTO NewsTopic (newsId, topicId, date, position) VALUES (?, ?, ?, ?)');
    this.offering = db.prepare('INSERT INTO NewsOffering (newsId, offeringId, date, position) VALUES (?, ?, ?, ?)');
    this.offeringTopic = db.prepare('INSERT INTO NewsOfferingTopic (newsId, offeringId, topicId) VALUES (?, ?, ?)');
    this.author = db.prepare('INSERT INTO NewsAuthor (newsId, authorId, position) VALUES (?, ?, ?)');
    this.tag = db.prepare('INSERT INTO NewsTag (newsId, tagId, date) VALUES (?, ?, ?)');
    this.alias = db.prepare('INSERT INTO Alias (path, newsId) VALUES (?, ?)');
    this.search = db.prepare('INSERT INTO NewsSearch (rowid, title, description, body, topics, source, offerings) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  write(row: NewsRow, links: NewsLinks, search: SearchText): void {
    if (row.id >= SEARCH_KEY_IDS) throw new Error(`more than ${SEARCH_KEY_IDS - 1} items: the search index key needs widening`);
    // Positional parameters: binding an object by name costs more per row.
    this.news.run(NEWS_COLUMNS.map((c) => row[c]));
    links.topicIds.forEach((t, i) => this.topic.run(row.id, t, row.date, i));
    links.offeringIds.forEach((o, i) => this.offering.run(row.id, o, row.date, i));
    for (const [o, t] of links.offeringTopics) this.offeringTopic.run(row.id, o, t);
    links.authorIds.forEach((a, i) => this.author.run(row.id, a, i));
    for (const t of links.tagIds) this.tag.run(row.id, t, row.date);
    for (const a of links.aliases) this.alias.run(a, row.id);
    this.search.run(searchKey(row.date, row.id), search.title, search.description, search.body, search.topics, search.source, search.offerings);
  }
}

/** What the search index holds of an item (lib/pages/search.ts). */
export interface SearchText {
  title: string;
  description: string;
  body: string;
  topics: string;
  source: string;
  offerings: string;
}

export interface NewsLinks {
  topicIds: number[];
  offeringIds: number[];
  /** [offeringId, topicId]: the topics this item's record gives its offerings. */
  offeringTopics: [number, number][];
  authorIds: number[];
  tagIds: number[];
  aliases: string[];
}

export interface TopicRow {
  id: number;
  slug: string;
  name: string;
  collection: string;
  label: string;
  newsCount: number;
  description: string | null;
  parentId: number | null;
  equivalentIds: number[];
  fromTaxonomy: boolean;
}
export interface OfferingRow { id: number; slug: string; label: string; offeringId: number | null; newsCount: number; topicIds: number[] }
export interface SourceRow { id: number; slug: string; brand: string; newsCount: number }
export interface NamedRow { id: number; slug: string; name: string }

export interface StoreTail {
  topics: TopicRow[];
  offerings: OfferingRow[];
  sources: SourceRow[];
  authors: NamedRow[];
  tags: (NamedRow & { newsCount: number })[];
  /** newsId → related news ids, best first. */
  related: Map<number, number[]>;
  recordCount: number;
}

/** A content file as the store saw it (model SourceFile). */
export interface SourceFileRow {
  path: string;
  digest: string;
  size: number;
  mtimeMs: number;
  state: 'published' | 'draft' | 'rejected' | 'taxonomy';
  newsId: number | null;
  slug: string | null;
  title: string | null;
  linkKey: string | null;
  recordId: number | null;
}

const SOURCE_FILE_COLUMNS = ['path', 'digest', 'size', 'mtimeMs', 'state', 'newsId', 'slug', 'title', 'linkKey', 'recordId'] as const satisfies readonly (keyof SourceFileRow)[];
export const UPSERT_SOURCE_FILE = `INSERT OR REPLACE INTO SourceFile (${SOURCE_FILE_COLUMNS.join(', ')}) VALUES (${SOURCE_FILE_COLUMNS.map(() => '?').join(', ')})`;
export const sourceFileValues = (row: SourceFileRow) => SOURCE_FILE_COLUMNS.map((c) => row[c]);

/**
 * What the store's content is, from the digests of its files: the same files give
 * the same value whether the store was built in one go or updated file by file. An
 * XOR of one hash per file, so that an update changes it without reading every row.
 */
export function contentDigestOf(db: Database.Database): string {
  const acc = Buffer.alloc(32);
  for (const row of db.prepare('SELECT path, digest FROM SourceFile').iterate() as Iterable<{ path: string; digest: string }>) {
    xorInto(acc, sourceFileHash(row));
  }
  return acc.toString('hex');
}

export function sourceFileHash(row: { path: string; digest: string }): Buffer {
  return crypto.createHash('sha256').update(`${row.path}\0${row.digest}`).digest();
}

export function xorInto(acc: Buffer, value: Buffer): void {
  for (let i = 0; i < acc.length; i++) acc[i]! ^= value[i]!;
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
  private readonly rows: NewsRowsWriter;
  private readonly deferredIndexes: string[] = [];
  private closed = false;

  constructor(private readonly targetPath: string) {
    fs.mkdirSync(path.dirname(targetPath), { recursive: true });
    removeAbandonedBuilds(targetPath);
    this.tmpPath = `${targetPath}.building-${process.pid}`;
    fs.rmSync(this.tmpPath, { force: true });
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
  }

  addSourceFile(row: SourceFileRow): void {
    this.insertSourceFile.run(sourceFileValues(row));
  }

  addNews(row: NewsRow, links: NewsLinks, search: SearchText): void {
    this.rows.write(row, links, search);
  }

  /** Writes the shared tables, commits, and swaps the new store into place. */
  publish(tail: StoreTail): void {
    const db = this.db;
    const topic = db.prepare('INSERT INTO Topic (id, slug, name, collection, label, newsCount, description, parentId, fromTaxonomy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const equivalent = db.prepare('INSERT OR IGNORE INTO TopicEquivalent (topicId, equivalentId) VALUES (?, ?)');
    for (const t of tail.topics) {
      topic.run(t.id, t.slug, t.name, t.collection, t.label, t.newsCount, t.description, t.parentId, t.fromTaxonomy ? 1 : 0);
      for (const e of t.equivalentIds) equivalent.run(t.id, e);
    }
    const offering = db.prepare('INSERT INTO Offering (id, slug, label, offeringId, newsCount) VALUES (?, ?, ?, ?, ?)');
    const offeringTopic = db.prepare('INSERT INTO OfferingTopic (offeringId, topicId) VALUES (?, ?)');
    for (const o of tail.offerings) {
      offering.run(o.id, o.slug, o.label, o.offeringId, o.newsCount);
      for (const t of o.topicIds) offeringTopic.run(o.id, t);
    }
    const source = db.prepare('INSERT INTO Source (id, slug, brand, newsCount) VALUES (@id, @slug, @brand, @newsCount)');
    for (const s of tail.sources) source.run(s);
    const author = db.prepare('INSERT INTO Author (id, slug, name) VALUES (@id, @slug, @name)');
    for (const a of tail.authors) author.run(a);
    const tag = db.prepare('INSERT INTO Tag (id, slug, name, newsCount) VALUES (@id, @slug, @name, @newsCount)');
    for (const t of tail.tags) tag.run(t);
    const related = db.prepare('INSERT INTO RelatedNews (newsId, rank, relatedId) VALUES (?, ?, ?)');
    for (const [newsId, ids] of tail.related) ids.forEach((r, i) => related.run(newsId, i, r));
    for (const statement of this.deferredIndexes) db.exec(statement);
    // Search ranking: bm25 with the title weighing most (see lib/pages/search.ts), and
    // the full-text index merged into few segments, which makes queries faster.
    db.prepare("INSERT INTO NewsSearch (NewsSearch, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 3.0, 2.0, 2.0)')").run();
    db.prepare("INSERT INTO NewsSearch (NewsSearch) VALUES ('optimize')").run();
    db.prepare('INSERT INTO StoreInfo (id, ingestedAt, contentDigest, recordCount) VALUES (1, ?, ?, ?)').run(Date.now(), contentDigestOf(db), tail.recordCount);
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE');
    // Statistics for the query planner from a sample of each index: enough to pick
    // the right index, at a fraction of a full ANALYZE's cost on a large store.
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
    db.close();
    this.closed = true;

    // Make the new file durable before it becomes the served store, then the rename.
    const fd = fs.openSync(this.tmpPath, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // The rename happens while holding the served store's write lock: an incremental
    // update (lib/store/update.ts) is then never half-way through a transaction on the
    // old file, whose rollback journal, found beside the new file by name, would be
    // taken for the new file's. Updates that come after see the file was replaced.
    const served = fs.existsSync(this.targetPath) ? new Database(this.targetPath, { fileMustExist: true }) : null;
    try {
      served?.pragma('busy_timeout = 30000');
      served?.exec('BEGIN IMMEDIATE');
      fs.renameSync(this.tmpPath, this.targetPath);
    } finally {
      if (served?.inTransaction) served.exec('ROLLBACK');
      served?.close();
    }
    try {
      const dirFd = fs.openSync(path.dirname(this.targetPath), 'r');
      fs.fsyncSync(dirFd);
      fs.closeSync(dirFd);
    } catch {
      // Directories cannot be fsynced on every platform; the rename is still atomic.
    }
  }

  /** Drops the half-built store; the served one is untouched. */
  abandon(): void {
    if (!this.closed) {
      this.db.close();
      this.closed = true;
    }
    fs.rmSync(this.tmpPath, { force: true });
  }
}

/** Temporary files of builds whose process is gone (killed mid-ingest). */
function removeAbandonedBuilds(targetPath: string): void {
  const dir = path.dirname(targetPath);
  const prefix = `${path.basename(targetPath)}.building-`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
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
