import Database from 'better-sqlite3';
import { relatedNews, type RelatedInput } from '../../lib/catalog/related';

/**
 * What a reader can see of a store, independent of the ids the ingest chose: items
 * with their topics, offerings, tags, source and aliases; topics, offerings, sources
 * and tags with their counts; the search index.
 */
export function visibleContent(file: string) {
  return withStore(file, (db) => storeContents(db));
}

function storeContents(db: Database.Database) {
  const rows = <T = Record<string, unknown>>(sql: string) => db.prepare(sql).all() as T[];
  const content = {
    items: rows(`
      SELECT n.slug, n.title, n.description, n.date, n.url, n.bodyHtml, n.sourcePath, n.kind, n.featuredImageHref, n.video, n.featured, s.brand,
        (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId = n.id ORDER BY nt.position) t) AS topics,
        (SELECT group_concat(o.slug, '|') FROM (SELECT o.slug FROM NewsOffering x JOIN Offering o ON o.id = x.offeringId WHERE x.newsId = n.id ORDER BY x.position) o) AS offerings,
        (SELECT group_concat(g.name, '|') FROM (SELECT g.name FROM NewsTag x JOIN Tag g ON g.id = x.tagId WHERE x.newsId = n.id ORDER BY g.name) g) AS tags,
        (SELECT group_concat(a.name, '|') FROM (SELECT a.name FROM NewsAuthor x JOIN Author a ON a.id = x.authorId WHERE x.newsId = n.id ORDER BY x.position) a) AS authors,
        (SELECT group_concat(path, '|') FROM (SELECT path FROM Alias WHERE newsId = n.id ORDER BY path)) AS aliases,
        (SELECT group_concat(x.path, '|') FROM (SELECT x.path FROM NewsSection ns JOIN Section x ON x.id = ns.sectionId WHERE ns.newsId = n.id ORDER BY x.path) x) AS sections,
        n.breadcrumbs
      FROM NewsItem n LEFT JOIN Source s ON s.id = n.sourceId ORDER BY n.slug`),
    topics: rows('SELECT name, slug, newsCount, description, fromTaxonomy FROM Topic ORDER BY name'),
    offerings: rows(`SELECT o.slug, o.label, o.newsCount, (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM OfferingTopic ot JOIN Topic t ON t.id = ot.topicId WHERE ot.offeringId = o.id ORDER BY t.name) t) AS topics FROM Offering o ORDER BY o.slug`),
    sources: rows('SELECT brand, slug, newsCount, title, siteUrl, feedUrl, iconHref FROM Source ORDER BY brand'),
    profiles: rows<{ slug: string; vendor: string | null }>(`SELECT o.slug, o.label, o.listedCount, o.profilePath, o.vendor, o.offeringType, o.shortDescription, o.bodyHtml, o.links, o.logoHref, o.imageHref,
        (SELECT group_concat(path, '|') FROM (SELECT path FROM OfferingAlias WHERE offeringId = o.id ORDER BY path)) AS aliases,
        (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM OfferingProfileTopic pt JOIN Topic t ON t.id = pt.topicId WHERE pt.offeringId = o.id ORDER BY t.name) t) AS topics
      FROM Offering o WHERE o.profilePath IS NOT NULL ORDER BY o.slug`),
    tags: rows('SELECT name, newsCount FROM Tag ORDER BY name'),
    sections: rows('SELECT s.path, s.label, s.newsCount, p.path AS parent FROM Section s LEFT JOIN Section p ON p.id = s.parentId ORDER BY s.path'),
    authors: rows('SELECT name FROM Author ORDER BY name'),
    // The search index's rowid is the item's id (lib/catalog/ids.ts).
    search: rows('SELECT n.slug, s.title, s.topics, s.source, s.offerings FROM NewsSearch s JOIN NewsItem n ON n.id = s.rowid ORDER BY n.slug'),
    files: rows('SELECT path, digest, state FROM SourceFile ORDER BY path'),
    digest: (db.prepare('SELECT contentDigest, recordCount FROM StoreInfo').get() as object),
    danglingRelated: (db.prepare('SELECT count(*) AS n FROM RelatedNews r WHERE r.relatedId NOT IN (SELECT id FROM NewsItem) OR r.newsId NOT IN (SELECT id FROM NewsItem)').get() as { n: number }).n,
    relatedRows: (db.prepare('SELECT count(*) AS n FROM RelatedNews').get() as { n: number }).n,
  };
  return content;
}

/** Whether the store's related news are what a computation over all its items gives. */
export function relatedAsComputed(file: string): { stored: Record<number, number[]>; computed: Record<number, number[]> } {
  return withStore(file, (db) => {
    const inputs = new Map<number, RelatedInput>();
    for (const row of db.prepare('SELECT n.id, n.date, t.topicId FROM NewsItem n LEFT JOIN NewsTopic t ON t.newsId = n.id ORDER BY n.id, t.position').all() as { id: number; date: number; topicId: number | null }[]) {
      let input = inputs.get(row.id);
      if (!input) inputs.set(row.id, (input = { id: row.id, date: row.date, topicIds: [] }));
      if (row.topicId !== null) input.topicIds.push(row.topicId);
    }
    const stored: Record<number, number[]> = {};
    for (const r of db.prepare('SELECT newsId, relatedId FROM RelatedNews ORDER BY newsId, rank').all() as { newsId: number; relatedId: number }[]) (stored[r.newsId] ??= []).push(r.relatedId);
    return { stored, computed: Object.fromEntries(relatedNews([...inputs.values()])) };
  });
}

/**
 * One query against a store file, opened read-only and closed after: what the tests ask
 * of a store directly (the store is the oracle of what pages should show).
 */
export function storeRows<T = Record<string, unknown>>(file: string, sql: string, ...args: unknown[]): T[] {
  return withStore(file, (db) => db.prepare(sql).all(...args) as T[]);
}

/** The first row a query gives, or undefined. */
export function storeRow<T = Record<string, unknown>>(file: string, sql: string, ...args: unknown[]): T | undefined {
  return withStore(file, (db) => db.prepare(sql).get(...args) as T | undefined);
}

/** The first column of every row a query gives. */
export function storeColumn<T = unknown>(file: string, sql: string, ...args: unknown[]): T[] {
  return withStore(file, (db) => db.prepare(sql).pluck().all(...args) as T[]);
}

/** The first column of the first row a query gives (a count, a title…), or undefined. */
export function storeValue<T = unknown>(file: string, sql: string, ...args: unknown[]): T {
  return withStore(file, (db) => db.prepare(sql).pluck().get(...args) as T);
}

function withStore<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * FTS5's own check of the search index (every term of every entry in the index, and
 * nothing else; `rank` 1: against the text it holds too); throws when it fails. A command,
 * so on a connection that may write, closed after.
 */
export function checkSearchIndex(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec("INSERT INTO NewsSearch (NewsSearch, rank) VALUES ('integrity-check', 1)");
  } finally {
    db.close();
  }
}
