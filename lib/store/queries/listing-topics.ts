import type Database from 'better-sqlite3';
import { requireStore } from '../connection';

/**
 * What a source's or a tag's latest items are about: their most common topics, for the
 * side column of those listings. Drawn from the newest items only (one index range
 * each: NewsItem(sourceId, date), NewsTag(tagId, date)), so a source of 100,000 items
 * costs what one of 500 does.
 */
export interface ListingTopic {
  slug: string;
  name: string;
  label: string;
  collection: string;
  count: number;
}

const SAMPLE = 500;

const TOPICS_OF = (recent: string) =>
  `WITH recent AS (${recent})
   SELECT t.slug, t.name, t.label, t.collection, count(*) AS count FROM recent r JOIN NewsTopic nt ON nt.newsId = r.id JOIN Topic t ON t.id = nt.topicId
   GROUP BY t.id ORDER BY count(*) DESC, t.name LIMIT ?`;

function prepare(db: Database.Database) {
  return {
    source: db.prepare<[number, number], ListingTopic>(TOPICS_OF(`SELECT id FROM NewsItem WHERE sourceId = ? ORDER BY date DESC LIMIT ${SAMPLE}`)),
    tag: db.prepare<[number, number], ListingTopic>(TOPICS_OF(`SELECT newsId AS id FROM NewsTag WHERE tagId = ? ORDER BY date DESC LIMIT ${SAMPLE}`)),
  };
}

const statements = () => requireStore().once(prepare);

/** The `limit` topics most common among a source's newest items. */
export function sourceTopics(sourceId: number, limit: number): ListingTopic[] {
  return statements().source.all(sourceId, limit);
}

/** The `limit` topics most common among a tag's newest items. */
export function tagTopics(tagId: number, limit: number): ListingTopic[] {
  return statements().tag.all(tagId, limit);
}
