import type Database from 'better-sqlite3';
import { slugify } from '../../content/slug';
import { pathSql } from '../../urls/sql';
import { openStore } from '../connection';

/**
 * Point look-ups for routing decisions made before a page renders (is there such an
 * item? how many pages has this topic?): statements prepared once per store, cheap
 * enough to run on every request. Null when there is no store yet (pages then explain
 * that).
 */
function prepare(db: Database.Database) {
  const row = db.prepare('SELECT contentDigest FROM StoreInfo WHERE id = 1').get() as { contentDigest: string } | undefined;
  // The newest date the content itself gives (an item's date or last change, a profile's):
  // the same on every node that holds the same files, unlike the time of an ingest.
  const changedAt = db
    .prepare('SELECT max(coalesce((SELECT max(max(date, coalesce(lastMod, 0))) FROM NewsItem), 0), coalesce((SELECT max(max(coalesce(createdOn, 0), coalesce(updatedOn, 0))) FROM Offering), 0))')
    .pluck()
    .get() as number;
  return {
    newsBySlug: db.prepare<[string], { id: number }>('SELECT id FROM NewsItem WHERE slug = ?'),
    topicCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Topic WHERE slug = ?'),
    // An offering's page lists its items and, on a profile, its topics' items.
    offeringCount: db.prepare<[string], { newsCount: number }>('SELECT listedCount AS newsCount FROM Offering WHERE slug = ?'),
    sourceCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Source WHERE brand = ?'),
    tagCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Tag WHERE slug = ?'),
    sectionCount: db.prepare<[string], { newsCount: number }>('SELECT newsCount FROM Section WHERE path = ?'),
    newsCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM NewsItem'),
    eventCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM NewsItem WHERE kind = 'event'"),
    // An event's calendar file: an event with a date.
    datedEvent: db.prepare<[string], { id: number }>("SELECT id FROM NewsItem WHERE slug = ? AND kind = 'event' AND eventStart IS NOT NULL"),
    // What a page shows, for its surrogate keys (lib/pages/cache-keys.ts).
    itemKeys: db.prepare<[string], { id: number; sourceId: number | null }>('SELECT id, sourceId FROM NewsItem WHERE slug = ?'),
    itemRelated: db.prepare<[number], number>('SELECT relatedId FROM RelatedNews WHERE newsId = ?').pluck(),
    itemOfferings: db.prepare<[number], number>('SELECT offeringId FROM NewsOffering WHERE newsId = ?').pluck(),
    profileTopics: db.prepare<[string], number>('SELECT pt.topicId FROM OfferingProfileTopic pt JOIN Offering o ON o.id = pt.offeringId WHERE o.slug = ?').pluck(),
    topicId: db.prepare<[string], number>('SELECT id FROM Topic WHERE slug = ?').pluck(),
    offeringId: db.prepare<[string], number>('SELECT id FROM Offering WHERE slug = ?').pluck(),
    sourceId: db.prepare<[string], number>('SELECT id FROM Source WHERE brand = ?').pluck(),
    tagId: db.prepare<[string], number>('SELECT id FROM Tag WHERE slug = ?').pluck(),
    sectionId: db.prepare<[string], number>('SELECT id FROM Section WHERE path = ?').pluck(),
    aliasTarget: db.prepare<[string, string], { location: string }>(
      `SELECT ${pathSql('news', 'n.slug')} AS location FROM Alias a JOIN NewsItem n ON n.id = a.newsId WHERE a.path = ? UNION ALL SELECT ${pathSql('offering', 'o.slug')} FROM OfferingAlias a JOIN Offering o ON o.id = a.offeringId WHERE a.path = ? LIMIT 1`,
    ),
    stamp: { digest: row?.contentDigest ?? 'none', changedAt: new Date(changedAt) } satisfies StoreStamp,
    collections: new Set((db.prepare('SELECT DISTINCT collection FROM Topic').pluck().all() as string[]).map((c) => slugify(c))),
  };
}

const statements = () => openStore()?.once(prepare) ?? null;

/** What identifies the content of a store, for HTTP validators and caches: derived from the files alone. */
export interface StoreStamp {
  /** Of the files' digests (lib/store/rows.ts contentDigestOf). */
  digest: string;
  /** The newest date in the content. */
  changedAt: Date;
}

type CountStatement = 'topicCount' | 'offeringCount' | 'sourceCount' | 'tagCount' | 'sectionCount';

/** How many items a topic, offering, source or tag has: undefined when there is no such thing, null without a store. */
function newsCountOf(statement: CountStatement, key: string): number | null | undefined {
  const s = statements();
  return s ? (s[statement].get(key)?.newsCount ?? undefined) : null;
}

export const routing = {
  stamp(): StoreStamp | null {
    return statements()?.stamp ?? null;
  },
  /** Where an old address (a record's `aliases`) now lives: an item's page or an offering's. */
  aliasTarget(path: string): string | undefined {
    return statements()?.aliasTarget.get(path, path)?.location;
  },
  newsExists(slug: string): boolean | null {
    const s = statements();
    return s ? s.newsBySlug.get(slug) !== undefined : null;
  },
  topicNewsCount: (slug: string) => newsCountOf('topicCount', slug),
  offeringNewsCount: (slug: string) => newsCountOf('offeringCount', slug),
  sourceNewsCount: (brand: string) => newsCountOf('sourceCount', brand),
  tagNewsCount: (slug: string) => newsCountOf('tagCount', slug),
  /** A section by its address in its one form (lib/urls/addresses.ts). */
  sectionNewsCount: (path: string) => newsCountOf('sectionCount', path),
  collectionExists(slug: string): boolean | null {
    const s = statements();
    return s ? s.collections.has(slug) : null;
  },
  /** An item's id, source, related items and offerings: what its page shows. */
  itemShows(slug: string): { id: number; sourceId: number | null; related: number[]; offerings: number[] } | undefined {
    const s = statements();
    const item = s?.itemKeys.get(slug);
    if (!s || !item) return undefined;
    return { ...item, related: s.itemRelated.all(item.id), offerings: s.itemOfferings.all(item.id) };
  },
  /** The topics an offering's profile lists the items of. */
  profileTopics(slug: string): number[] {
    return statements()?.profileTopics.all(slug) ?? [];
  },
  /** The id of a topic, offering, source, tag or section, by what its address names. */
  idOf(kind: 'topic' | 'offering' | 'source' | 'tag' | 'section', key: string): number | undefined {
    return statements()?.[`${kind}Id`].get(key);
  },
  newsCount(): number | null {
    return statements()?.newsCount.get()?.n ?? null;
  },
  /** How many events `/events` lists. */
  eventCount(): number | null {
    return statements()?.eventCount.get()?.n ?? null;
  },
  /** Whether an item is an event with a date (which has a calendar file). */
  datedEventExists(slug: string): boolean | null {
    const s = statements();
    return s ? s.datedEvent.get(slug) !== undefined : null;
  },
};
