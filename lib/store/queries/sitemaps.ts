import type Database from 'better-sqlite3';
import { requireStore } from '../connection';

/**
 * The sitemaps' SQL: how many of each kind of page there are, and one file's worth of
 * them with when each last changed. One statement per file whatever the number of
 * topics, tags or sections: a page's date is a subquery on its own row, which SQLite
 * answers from the (owner, date) index of its list as one index seek, never a list of
 * ids bound as parameters (SQLite takes at most 32,766; Prisma refuses past 999).
 */
export type SitemapKind = 'news' | 'topics' | 'offerings' | 'sources' | 'tags' | 'sections';

/** A page in a sitemap: what its address is made of (a slug, a brand, a section's path) and when it last changed (epoch ms; 0 when never). */
export interface SitemapRow {
  key: string;
  lastModified: number;
}

export interface SitemapCounts extends Record<SitemapKind, number> {
  /** When the newest item was published or last changed (epoch ms; 0 for an empty store). */
  newest: number;
}

/**
 * Per kind: the pages a sitemap lists (topics without news are noindex, so not listed)
 * in a stable order (by id), each with its date.
 */
const PAGES: Record<SitemapKind, string> = {
  // An item changes when its record says it did.
  news: 'SELECT slug AS key, max(date, coalesce(lastMod, 0)) AS lastModified FROM NewsItem ORDER BY id',
  // A list changes when its newest item arrives.
  topics: 'SELECT slug AS key, coalesce((SELECT max(date) FROM NewsTopic WHERE topicId = t.id), 0) AS lastModified FROM Topic t WHERE newsCount > 0 ORDER BY id',
  sources: 'SELECT brand AS key, coalesce((SELECT max(date) FROM NewsItem WHERE sourceId = s.id), 0) AS lastModified FROM Source s ORDER BY id',
  tags: 'SELECT slug AS key, coalesce((SELECT max(date) FROM NewsTag WHERE tagId = g.id), 0) AS lastModified FROM Tag g ORDER BY id',
  sections: 'SELECT path AS key, coalesce((SELECT max(date) FROM NewsSection WHERE sectionId = x.id), 0) AS lastModified FROM Section x ORDER BY id',
  // A profile changes with its record, a list with its newest item.
  offerings: `SELECT slug AS key, max(coalesce((SELECT max(date) FROM NewsOffering WHERE offeringId = o.id), 0), coalesce(updatedOn, createdOn, 0)) AS lastModified
              FROM Offering o ORDER BY id`,
};

function prepare(db: Database.Database) {
  const pages = Object.fromEntries(
    Object.entries(PAGES).map(([kind, sql]) => [kind, db.prepare<[number, number], SitemapRow>(`${sql} LIMIT ? OFFSET ?`)]),
  ) as Record<SitemapKind, Database.Statement<[number, number], SitemapRow>>;
  // Read once per store (a store that changes is opened again): the newest date scans
  // every item (lastMod has no index), ~80 ms at 8,000 items on a busy machine.
  const counts = db
    .prepare<[], SitemapCounts>(
      `SELECT (SELECT count(*) FROM NewsItem) AS news, (SELECT count(*) FROM Topic WHERE newsCount > 0) AS topics, (SELECT count(*) FROM Offering) AS offerings,
              (SELECT count(*) FROM Source) AS sources, (SELECT count(*) FROM Tag) AS tags, (SELECT count(*) FROM Section) AS sections,
              coalesce((SELECT max(max(date, coalesce(lastMod, 0))) FROM NewsItem), 0) AS newest`,
    )
    .get()!;
  return { pages, counts };
}

const statements = () => requireStore().once(prepare);

/** How many pages of each kind the sitemaps list, and the date of the newest change. */
export function sitemapCounts(): SitemapCounts {
  return statements().counts;
}

/** The pages of one kind from `offset` on, at most `limit` of them. */
export function sitemapRows(kind: SitemapKind, offset: number, limit: number): SitemapRow[] {
  return statements().pages[kind].all(limit, offset);
}
