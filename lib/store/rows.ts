import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AdmittedNews } from '../catalog/rules';
import { linkKey } from '../content/link';
import type { PreparedRecord, RejectedFile } from '../content/prepare';
import type { RecordProblem } from '../content/problems';

/**
 * The store's rows of a record, and the one writer of an item's rows used by the full
 * build (build.ts) and the in-place update (update.ts) alike. Dates are epoch
 * milliseconds.
 */
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

/** The item row of an admitted record. */
function newsRow(r: PreparedRecord, admitted: Pick<AdmittedNews, 'id' | 'sourceId'>): NewsRow {
  const img = r.featuredImage;
  return {
    id: admitted.id,
    slug: r.slug,
    recordId: r.recordId,
    title: r.title,
    description: r.description,
    bodyHtml: r.bodyHtml,
    date: r.date,
    lastMod: r.lastMod,
    url: r.url,
    originalUrl: r.originalUrl,
    sourceId: admitted.sourceId,
    featuredImageHref: img?.href ?? null,
    featuredImageAlt: img?.alt ?? null,
    featuredImageWidth: img?.width ?? null,
    featuredImageHeight: img?.height ?? null,
    breadcrumbs: r.breadcrumbsJson,
    socialMeta: r.socialMetaJson,
    extra: r.extraJson,
    status: r.status,
    sourcePath: r.file,
  };
}

/** What the search index holds of an item (lib/store/queries/search.ts). */
function searchColumns(r: PreparedRecord): string[] {
  return [r.title, r.description ?? '', r.bodyText, r.topics.map((t) => t.name).join(' | '), r.brand, r.offerings.map((o) => o.label).join(' | ')];
}

/**
 * Writes an item: its row, its links to topics, offerings, authors and tags, its old
 * addresses and its search-index entry (whose rowid is the item's id: ids run in date
 * order, lib/catalog/ids.ts).
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

  write(r: PreparedRecord, admitted: AdmittedNews): void {
    const row = newsRow(r, admitted);
    // Positional parameters: binding an object by name costs more per row.
    this.news.run(NEWS_COLUMNS.map((c) => row[c]));
    admitted.topicIds.forEach((t, i) => this.topic.run(row.id, t, row.date, i));
    admitted.offeringIds.forEach((o, i) => this.offering.run(row.id, o, row.date, i));
    for (const [o, t] of admitted.offeringTopics) this.offeringTopic.run(row.id, o, t);
    admitted.authorIds.forEach((a, i) => this.author.run(row.id, a, i));
    for (const t of admitted.tagIds) this.tag.run(row.id, t, row.date);
    for (const a of admitted.aliases) this.alias.run(a, row.id);
    this.search.run(row.id, ...searchColumns(r));
  }
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
  /** A rejected file's problems, as JSON. */
  problems: string | null;
}

const SOURCE_FILE_COLUMNS = ['path', 'digest', 'size', 'mtimeMs', 'state', 'newsId', 'slug', 'title', 'linkKey', 'recordId', 'problems'] as const satisfies readonly (keyof SourceFileRow)[];
export const UPSERT_SOURCE_FILE = `INSERT OR REPLACE INTO SourceFile (${SOURCE_FILE_COLUMNS.join(', ')}) VALUES (${SOURCE_FILE_COLUMNS.map(() => '?').join(', ')})`;
export const sourceFileValues = (row: SourceFileRow) => SOURCE_FILE_COLUMNS.map((c) => row[c]);

/** What the store remembers of a valid record file (rejected: in conflict with another, for `problems`). */
export function recordSourceFile(r: PreparedRecord, state: 'published' | 'draft' | 'rejected', newsId: number | null, problems: RecordProblem[] = []): SourceFileRow {
  return {
    path: r.file,
    digest: r.digest,
    size: r.size,
    mtimeMs: r.mtimeMs,
    state,
    newsId,
    slug: r.slug,
    title: r.title,
    linkKey: linkKey(r.url),
    recordId: r.recordId,
    problems: problems.length ? JSON.stringify(problems) : null,
  };
}

/** What the store remembers of a file that is not a valid record. */
export function rejectedSourceFile(r: RejectedFile): SourceFileRow {
  const none = { newsId: null, slug: null, title: null, linkKey: null, recordId: null };
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, state: 'rejected', ...none, problems: JSON.stringify(r.problems) };
}

/** What the store remembers of the taxonomy file. */
export function taxonomySourceFile(path: string, stamp: { digest: string; size: number; mtimeMs: number }): SourceFileRow {
  return { path, ...stamp, state: 'taxonomy', newsId: null, slug: null, title: null, linkKey: null, recordId: null, problems: null };
}

/**
 * What the store's content is, from the digests of its files: the same files give the
 * same value whether the store was built in one go or updated file by file. An XOR of
 * one hash per file, so that an update changes it without reading every row.
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
