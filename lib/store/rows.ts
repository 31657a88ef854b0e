import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AdmittedNews } from '../catalog/rules';
import type { OfferingProfile } from '../catalog/view';
import { claimsOf } from '../catalog/claims';
import type { Prepared } from '../catalog/judge';
import type { PreparedRecord, RejectedFile } from '../content/prepare';
import type { RecordProblem } from '../content/problems';
import type { SourceFileRow } from './source-files';

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
  status: string;
  sourcePath: string;
  kind: string;
}

const NEWS_COLUMNS = [
  'id', 'slug', 'recordId', 'title', 'description', 'bodyHtml', 'date', 'lastMod', 'url', 'originalUrl', 'sourceId',
  'featuredImageHref', 'featuredImageAlt', 'featuredImageWidth', 'featuredImageHeight', 'breadcrumbs', 'socialMeta', 'status', 'sourcePath', 'kind',
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
    breadcrumbs: JSON.stringify(r.breadcrumbs),
    socialMeta: r.socialMetaJson,
    status: r.status,
    sourcePath: r.file,
    kind: r.kind,
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
  private readonly section: Database.Statement;
  private readonly search: Database.Statement;

  constructor(db: Database.Database) {
    this.news = db.prepare(`INSERT INTO NewsItem (${NEWS_COLUMNS.join(', ')}) VALUES (${NEWS_COLUMNS.map(() => '?').join(', ')})`);
    this.topic = db.prepare('INSERT INTO NewsTopic (newsId, topicId, date, position) VALUES (?, ?, ?, ?)');
    this.offering = db.prepare('INSERT INTO NewsOffering (newsId, offeringId, date, position) VALUES (?, ?, ?, ?)');
    this.offeringTopic = db.prepare('INSERT INTO NewsOfferingTopic (newsId, offeringId, topicId) VALUES (?, ?, ?)');
    this.author = db.prepare('INSERT INTO NewsAuthor (newsId, authorId, position) VALUES (?, ?, ?)');
    this.tag = db.prepare('INSERT INTO NewsTag (newsId, tagId, date) VALUES (?, ?, ?)');
    this.alias = db.prepare('INSERT INTO Alias (path, newsId) VALUES (?, ?)');
    this.section = db.prepare('INSERT INTO NewsSection (newsId, sectionId, date, label, parentId) VALUES (?, ?, ?, ?, ?)');
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
    for (const section of admitted.sections) this.section.run(row.id, section.id, row.date, section.label, section.parentId);
    this.search.run(row.id, ...searchColumns(r));
  }
}

/** Writes an offering's profile (what its offering record says): for the full build and the in-place update alike. */
export class ProfileWriter {
  private readonly offering: Database.Statement;
  private readonly clearTopics: Database.Statement;
  private readonly topic: Database.Statement;
  private readonly clearAliases: Database.Statement;
  private readonly alias: Database.Statement;

  constructor(db: Database.Database) {
    this.offering = db.prepare(
      `UPDATE Offering SET profilePath = ?, vendor = ?, offeringType = ?, shortDescription = ?, bodyHtml = ?, links = ?, logoHref = ?, imageHref = ?,
         createdOn = ?, updatedOn = ?, recordId = ? WHERE id = ?`,
    );
    this.clearTopics = db.prepare('DELETE FROM OfferingProfileTopic WHERE offeringId = ?');
    this.topic = db.prepare('INSERT OR IGNORE INTO OfferingProfileTopic (offeringId, topicId) VALUES (?, ?)');
    this.clearAliases = db.prepare('DELETE FROM OfferingAlias WHERE offeringId = ?');
    this.alias = db.prepare('INSERT INTO OfferingAlias (path, offeringId) VALUES (?, ?)');
  }

  write(p: OfferingProfile): void {
    this.offering.run(p.file, p.vendor, p.offeringType, p.shortDescription, p.bodyHtml, JSON.stringify(p.links), p.logoHref, p.imageHref, p.createdOn, p.updatedOn, p.recordId, p.offeringId);
    this.clear(p.offeringId);
    for (const t of p.topicIds) this.topic.run(p.offeringId, t);
    for (const a of p.aliases) this.alias.run(a, p.offeringId);
  }

  /** Takes an offering's profile away (its record deleted, changed or made a draft); the offering stays while news names it. */
  remove(offeringId: number): void {
    this.offering.run(null, null, null, null, null, null, null, null, null, null, null, offeringId);
    this.clear(offeringId);
  }

  private clear(offeringId: number): void {
    this.clearTopics.run(offeringId);
    this.clearAliases.run(offeringId);
  }
}

/** A content file as the store saw it (model SourceFile). */

const SOURCE_FILE_COLUMNS = ['path', 'digest', 'size', 'mtimeMs', 'state', 'newsId', 'slug', 'title', 'linkKey', 'recordId', 'problems', 'kind', 'offeringId'] as const satisfies readonly (keyof SourceFileRow)[];
export const UPSERT_SOURCE_FILE = `INSERT OR REPLACE INTO SourceFile (${SOURCE_FILE_COLUMNS.join(', ')}) VALUES (${SOURCE_FILE_COLUMNS.map(() => '?').join(', ')})`;
export const sourceFileValues = (row: SourceFileRow) => SOURCE_FILE_COLUMNS.map((c) => row[c]);
export const INSERT_CLAIM = 'INSERT OR IGNORE INTO RecordClaim (key, exclusive, path) VALUES (?, ?, ?)';
export const DELETE_CLAIMS = 'DELETE FROM RecordClaim WHERE path = ?';

/**
 * What the store remembers of a valid record file: published (with its item's or its
 * offering's id), a draft, or rejected for conflicts with others (`problems`).
 */
export function sourceFileOf(item: Prepared, state: 'published' | 'draft' | 'rejected', id: number | null, problems: RecordProblem[] = []): SourceFileRow {
  const common = { state, problems: problems.length ? JSON.stringify(problems) : null, claims: claimsOf(item) };
  if (item.kind === 'offering') {
    const o = item.offering;
    return { path: o.file, digest: o.digest, size: o.size, mtimeMs: o.mtimeMs, ...common, kind: 'offering', newsId: null, offeringId: id, slug: o.slug, title: o.name, linkKey: null, recordId: o.recordId };
  }
  const r = item.record;
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, ...common, kind: 'news', newsId: id, offeringId: null, slug: r.slug, title: r.title, linkKey: r.linkKey, recordId: r.recordId };
}

/** The same, of a curated link. */
export function recordSourceFile(r: PreparedRecord, state: 'published' | 'draft' | 'rejected', newsId: number | null, problems: RecordProblem[] = []): SourceFileRow {
  return sourceFileOf({ kind: 'news', record: r }, state, newsId, problems);
}

/** What the store remembers of a file that is not a valid record. */
export function rejectedSourceFile(r: RejectedFile): SourceFileRow {
  const none = { newsId: null, offeringId: null, slug: null, title: null, linkKey: null, recordId: null };
  return { path: r.file, digest: r.digest, size: r.size, mtimeMs: r.mtimeMs, state: 'rejected', kind: 'news', ...none, problems: JSON.stringify(r.problems), claims: [] };
}

/** What the store remembers of the taxonomy file. */
export function taxonomySourceFile(path: string, stamp: { digest: string; size: number; mtimeMs: number }): SourceFileRow {
  return { path, ...stamp, state: 'taxonomy', kind: 'news', newsId: null, offeringId: null, slug: null, title: null, linkKey: null, recordId: null, problems: null };
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

export type { SourceFileRow };
