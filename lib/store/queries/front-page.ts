import type Database from 'better-sqlite3';
import { requireStore } from '../connection';

/**
 * What the front page and the topic index ask of the store beyond plain listings: the
 * newest stories with what picks a lead (a published image, how many topics), the
 * newest feed items, what "recent" means for this store, the topics most written about
 * in it, and what the site's own description is drawn from. Every statement reads a
 * bounded range of an index (the newest items by date), whatever the store's size.
 */

/** A story near the top of the store, with what the lead is chosen by. */
export interface StoryCandidate {
  id: number;
  slug: string;
  title: string;
  /** The article's address (stories are grouped by it, and by title). */
  url: string;
  /** Its source's brand and name. */
  source: { brand: string; title: string | null } | null;
  date: Date;
  /** Its featured image is published (an Image row): a lead can show it. */
  pictured: boolean;
  topicCount: number;
}

/** A topic with how many items of the recent window it has. */
export interface ActiveTopic {
  id: number;
  slug: string;
  name: string;
  label: string;
  collection: string;
  /** Items in the recent window. */
  recent: number;
  /** Distinct sources of those items: a subject several publishers write about. */
  sources: number;
  newsCount: number;
}

/** Every topic with news, with its recent items, for `/topics`. */
export interface TopicActivity {
  id: number;
  slug: string;
  label: string;
  collection: string;
  newsCount: number;
  recent: number;
}

export interface CollectionCount {
  name: string;
  /** Every topic of the collection, those without news included (its page lists them all). */
  topicCount: number;
  /** Those with news (the ones `/topics` lists). */
  withNews: number;
}

export interface SiteFacts {
  items: number;
  sources: number;
  topics: number;
  /** The sources most items come from, most first. */
  topSources: { brand: string; title: string | null; newsCount: number }[];
}

/**
 * How far down the newest items the front page looks for its stories and its river: the
 * newest few thousand are "now" on any site, and a store of feed items only (or of none)
 * costs no more than this to answer.
 */
const FRONT_WINDOW = 2_000;

type DateRow = { date: number };
type StoryRow = { id: number; slug: string; title: string; url: string; brand: string | null; sourceTitle: string | null; date: number; pictured: number; topicCount: number };

/** A story's columns, from `n` (its NewsItem row or a subset of it with featuredImageHref). */
const STORY_COLUMNS = `n.id, n.slug, n.title, n.url, s.brand, s.title AS sourceTitle, n.date, (i.path IS NOT NULL) AS pictured, (SELECT count(*) FROM NewsTopic nt WHERE nt.newsId = n.id) AS topicCount`;
const STORY_JOINS = `LEFT JOIN Image i ON i.path = n.featuredImageHref
       LEFT JOIN Source s ON s.id = n.sourceId`;

function prepare(db: Database.Database) {
  return {
    stories: db.prepare<[number], StoryRow>(
      `SELECT ${STORY_COLUMNS}
       FROM (SELECT id, slug, title, url, sourceId, date, featuredImageHref FROM (SELECT id, slug, title, url, sourceId, date, kind, featuredImageHref FROM NewsItem ORDER BY date DESC, id LIMIT ${FRONT_WINDOW}) WHERE kind NOT IN ('feed', 'event') LIMIT ?) n
       ${STORY_JOINS}
       ORDER BY n.date DESC, n.id`,
    ),
    // One range of NewsItem(featured, date): the pinned items only, however old.
    pinned: db.prepare<[number], StoryRow>(
      `SELECT ${STORY_COLUMNS}
       FROM (SELECT id, slug, title, url, sourceId, date, featuredImageHref, featured FROM NewsItem WHERE featured > 0 ORDER BY featured DESC, date DESC, id LIMIT ?) n
       ${STORY_JOINS}
       ORDER BY n.featured DESC, n.date DESC, n.id`,
    ),
    river: db.prepare<[number], { id: number }>(
      `SELECT id FROM (SELECT id, date, kind FROM NewsItem ORDER BY date DESC, id LIMIT ${FRONT_WINDOW}) WHERE kind = 'feed' ORDER BY date DESC, id LIMIT ?`,
    ),
    newest: db.prepare<[], DateRow>('SELECT date FROM NewsItem ORDER BY date DESC, id LIMIT 1'),
    nth: db.prepare<[number], DateRow>('SELECT date FROM NewsItem ORDER BY date DESC, id LIMIT 1 OFFSET ?'),
    activeTopics: db.prepare<[number, number], ActiveTopic>(
      `SELECT t.id, t.slug, t.name, t.label, t.collection, r.recent, r.sources, t.newsCount
       FROM (SELECT nt.topicId, count(*) AS recent, count(DISTINCT n.sourceId) AS sources FROM NewsItem n JOIN NewsTopic nt ON nt.newsId = n.id WHERE n.date >= ? GROUP BY nt.topicId) r
       JOIN Topic t ON t.id = r.topicId
       ORDER BY r.recent DESC, r.sources DESC, t.newsCount DESC, t.name LIMIT ?`,
    ),
    topicActivity: db.prepare<[number], TopicActivity>(
      `SELECT t.id, t.slug, t.label, t.collection, t.newsCount, coalesce(r.recent, 0) AS recent
       FROM Topic t LEFT JOIN (SELECT nt.topicId, count(*) AS recent FROM NewsItem n JOIN NewsTopic nt ON nt.newsId = n.id WHERE n.date >= ? GROUP BY nt.topicId) r ON r.topicId = t.id
       WHERE t.newsCount > 0
       ORDER BY recent DESC, t.newsCount DESC, t.name`,
    ),
    collections: db.prepare<[], CollectionCount>('SELECT collection AS name, count(*) AS topicCount, sum(newsCount > 0) AS withNews FROM Topic GROUP BY collection'),
    counts: db.prepare<[], { items: number; sources: number; topics: number }>(
      'SELECT (SELECT count(*) FROM NewsItem) AS items, (SELECT count(*) FROM Source WHERE newsCount > 0) AS sources, (SELECT count(*) FROM Topic WHERE newsCount > 0) AS topics',
    ),
    topSources: db.prepare<[number], SiteFacts['topSources'][number]>('SELECT brand, title, newsCount FROM Source WHERE newsCount > 0 ORDER BY newsCount DESC, brand LIMIT ?'),
  };
}

const statements = () => requireStore().once(prepare);

/**
 * The newest stories, newest first, at most `limit`: every kind but feed items (the
 * river's) and events (dated by when they start, which may be weeks ahead: the upcoming
 * events' block shows them).
 */
export function newestStories(limit: number): StoryCandidate[] {
  return statements().stories.all(limit).map(storyCandidate);
}

/** The items editors pinned (their record's `featured`), highest weight first, the newest first among equals; at most `limit`. */
export function pinnedStories(limit: number): StoryCandidate[] {
  return statements().pinned.all(limit).map(storyCandidate);
}

function storyCandidate(r: StoryRow): StoryCandidate {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    url: r.url,
    source: r.brand === null ? null : { brand: r.brand, title: r.sourceTitle },
    date: new Date(r.date),
    pictured: r.pictured === 1,
    topicCount: r.topicCount,
  };
}

/** Ids of the newest feed items, newest first, at most `limit`. */
export function newestFeedItems(limit: number): number[] {
  return statements()
    .river.all(limit)
    .map((r) => r.id);
}

/**
 * Where "recent" begins for this store: `days` before its newest item (not before today:
 * a corpus may end years ago), widened to hold at least `minItems` items and narrowed to
 * hold at most about `maxItems`, so the subjects of a quiet week or a busy one are drawn
 * from a useful and bounded sample. Null when the store has no items.
 */
export function recentSince({ days, minItems, maxItems }: { days: number; minItems: number; maxItems: number }): Date | null {
  const s = statements();
  const newest = s.newest.get();
  if (!newest) return null;
  // A store of fewer items than `minItems`: every one of them.
  const atLeast = s.nth.get(minItems - 1)?.date ?? Number.NEGATIVE_INFINITY;
  const atMost = s.nth.get(maxItems - 1)?.date ?? Number.NEGATIVE_INFINITY;
  const since = Math.max(Math.min(newest.date - days * 86_400_000, atLeast), atMost);
  return new Date(Number.isFinite(since) ? since : EARLIEST);
}

/** The earliest time a Date can hold: "since" for a store of fewer items than asked, where every item is recent. */
const EARLIEST = -8.64e15;

/** Whether `since` (from recentSince) takes in every item of the store. */
export function sinceTheBeginning(since: Date): boolean {
  return since.getTime() === EARLIEST;
}

/** The topics with the most items since `since` (then the most sources, the most items in all), at most `limit`. */
export function activeTopics(since: Date, limit: number): ActiveTopic[] {
  return statements().activeTopics.all(since.getTime(), limit);
}

/** Every topic with news: the most items since `since` first, then the most in all, then by name. */
export function topicsByActivity(since: Date): TopicActivity[] {
  return statements().topicActivity.all(since.getTime());
}

/** Each collection with its number of topics, and of topics with news. */
export function collectionCounts(): CollectionCount[] {
  return statements().collections.all().map((c) => ({ ...c, withNews: Number(c.withNews) }));
}

/** What the store holds, for the site's description: counts and its largest sources. */
export function siteFacts(topSources: number): SiteFacts {
  const s = statements();
  return { ...s.counts.get()!, topSources: s.topSources.all(topSources) };
}
