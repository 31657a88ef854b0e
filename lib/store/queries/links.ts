import type Database from 'better-sqlite3';
import { requireStore } from '../connection';

/**
 * What pages list of the things linked to one thing: an item's topics, offerings, tags,
 * authors and sections; a topic's offerings; an offering's topics; every offering; the
 * published images a list of paths names. Each is one statement whose bound parameters
 * are fixed in number, whatever the data holds: the rows are joined to what owns them in
 * SQL, never fetched as a list of ids and sent back as `IN (?, ?, …)` (Prisma's way with
 * an include, in chunks of 999; a record may name thousands of topics, a topic gather
 * thousands of offerings).
 */

/** A published image (lib/store/media.ts): its digest names the files, `variants` the WebP widths made of it. */
export interface StoredImage {
  digest: string;
  format: string;
  width: number;
  height: number;
  variants: number[];
}

export interface TopicLink {
  slug: string;
  name: string;
  label: string;
  collection: string;
}

/** An offering as a card shows it, with its logo when one is published. */
export interface OfferingCardRow {
  slug: string;
  label: string;
  vendor: string | null;
  offeringType: string | null;
  shortDescription: string | null;
  newsCount: number;
  logo: StoredImage | null;
}

/** An item's links, each list in its record's order. */
export interface ItemLinks {
  topics: TopicLink[];
  offerings: { slug: string; label: string }[];
  tags: { slug: string; name: string }[];
  authors: { slug: string; name: string }[];
  /** The sections its trail passes through, by address, with the label their page has. */
  sections: { path: string; label: string }[];
}

/** Columns of the Image row joined as `i`, for `imageOf`. */
const IMAGE_COLUMNS = 'i.digest AS imageDigest, i.format AS imageFormat, i.width AS imageWidth, i.height AS imageHeight, i.variants AS imageVariants';
type ImageColumns = { imageDigest: string | null; imageFormat: string; imageWidth: number; imageHeight: number; imageVariants: string };

function imageOf({ imageDigest, imageFormat, imageWidth, imageHeight, imageVariants }: ImageColumns): StoredImage | null {
  return imageDigest === null ? null : { digest: imageDigest, format: imageFormat, width: imageWidth, height: imageHeight, variants: JSON.parse(imageVariants) as number[] };
}

const OFFERING_CARD = `o.slug, o.label, o.vendor, o.offeringType, o.shortDescription, o.newsCount, ${IMAGE_COLUMNS}`;
type OfferingCardColumns = Omit<OfferingCardRow, 'logo'> & ImageColumns;
const offeringCard = ({ imageDigest, imageFormat, imageWidth, imageHeight, imageVariants, ...o }: OfferingCardColumns): OfferingCardRow => ({
  ...o,
  logo: imageOf({ imageDigest, imageFormat, imageWidth, imageHeight, imageVariants }),
});

function prepare(db: Database.Database) {
  return {
    itemTopics: db.prepare<[number], TopicLink>('SELECT t.slug, t.name, t.label, t.collection FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId = ? ORDER BY nt.position'),
    itemOfferings: db.prepare<[number], ItemLinks['offerings'][number]>(
      'SELECT o.slug, o.label FROM NewsOffering no JOIN Offering o ON o.id = no.offeringId WHERE no.newsId = ? ORDER BY no.position',
    ),
    itemTags: db.prepare<[number], ItemLinks['tags'][number]>('SELECT g.slug, g.name FROM NewsTag ng JOIN Tag g ON g.id = ng.tagId WHERE ng.newsId = ? ORDER BY g.id'),
    itemAuthors: db.prepare<[number], ItemLinks['authors'][number]>('SELECT a.slug, a.name FROM NewsAuthor na JOIN Author a ON a.id = na.authorId WHERE na.newsId = ? ORDER BY na.position'),
    itemSections: db.prepare<[number], ItemLinks['sections'][number]>('SELECT s.path, s.label FROM NewsSection ns JOIN Section s ON s.id = ns.sectionId WHERE ns.newsId = ?'),
    topicOfferings: db.prepare<[number], OfferingCardColumns>(
      `SELECT ${OFFERING_CARD} FROM OfferingTopic ot JOIN Offering o ON o.id = ot.offeringId LEFT JOIN Image i ON i.path = o.logoHref WHERE ot.topicId = ?`,
    ),
    offeringTopics: db.prepare<[number], TopicLink>('SELECT t.slug, t.name, t.label, t.collection FROM OfferingTopic ot JOIN Topic t ON t.id = ot.topicId WHERE ot.offeringId = ?'),
    allOfferings: db.prepare<[], OfferingCardColumns>(`SELECT ${OFFERING_CARD} FROM Offering o LEFT JOIN Image i ON i.path = o.logoHref`),
    // The topics most offerings belong to, named: one grouping joined to Topic.
    offeringTopicCounts: db.prepare<[number], { slug: string; name: string; count: number }>(
      `SELECT t.slug, t.name, c.count FROM (SELECT topicId, count(*) AS count FROM OfferingTopic GROUP BY topicId ORDER BY count DESC, topicId LIMIT ?) c
       JOIN Topic t ON t.id = c.topicId`,
    ),
    // A feed's entries (a page of ids, as one JSON parameter): their topics and authors.
    entryTopics: db.prepare<[string], { newsId: number; name: string; slug: string }>(
      'SELECT nt.newsId, t.name, t.slug FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId IN (SELECT value FROM json_each(?)) ORDER BY nt.newsId, nt.position',
    ),
    entryAuthors: db.prepare<[string], { newsId: number; name: string }>(
      'SELECT na.newsId, a.name FROM NewsAuthor na JOIN Author a ON a.id = na.authorId WHERE na.newsId IN (SELECT value FROM json_each(?)) ORDER BY na.newsId, na.position',
    ),
    // A list of paths as one JSON parameter: one statement however many.
    images: db.prepare<[string], { path: string } & ImageColumns>(`SELECT i.path, ${IMAGE_COLUMNS} FROM Image i WHERE i.path IN (SELECT value FROM json_each(?))`),
  };
}

const statements = () => requireStore().once(prepare);

/** An item's topics, offerings, tags, authors and sections. */
export function itemLinks(newsId: number): ItemLinks {
  const s = statements();
  return {
    topics: s.itemTopics.all(newsId),
    offerings: s.itemOfferings.all(newsId),
    tags: s.itemTags.all(newsId),
    authors: s.itemAuthors.all(newsId),
    sections: s.itemSections.all(newsId),
  };
}

/** The offerings of a topic (what its items' records and offering records say), with their logos. */
export function topicOfferings(topicId: number): OfferingCardRow[] {
  return statements().topicOfferings.all(topicId).map(offeringCard);
}

/** The topics of an offering. */
export function offeringTopics(offeringId: number): TopicLink[] {
  return statements().offeringTopics.all(offeringId);
}

/** Every offering, with its logo. */
export function allOfferings(): OfferingCardRow[] {
  return statements().allOfferings.all().map(offeringCard);
}

/** The `limit` topics with the most offerings, and how many each has. */
export function topOfferingTopics(limit: number): { slug: string; name: string; count: number }[] {
  return statements().offeringTopicCounts.all(limit);
}

/** The topics and authors of each of a page of items (a feed's entries), by item id, each list in its record's order. */
export function entryLinks(newsIds: number[]): Map<number, { topics: { name: string; slug: string }[]; authors: string[] }> {
  const s = statements();
  const ids = JSON.stringify(newsIds);
  const links = new Map(newsIds.map((id) => [id, { topics: [] as { name: string; slug: string }[], authors: [] as string[] }]));
  for (const { newsId, ...topic } of s.entryTopics.all(ids)) links.get(newsId)?.topics.push(topic);
  for (const { newsId, name } of s.entryAuthors.all(ids)) links.get(newsId)?.authors.push(name);
  return links;
}

/** The published images among `paths` (those not published yet: absent). */
export function imagesAt(paths: string[]): Map<string, StoredImage> {
  if (!paths.length) return new Map();
  return new Map(statements().images.all(JSON.stringify(paths)).map((r) => [r.path, imageOf(r)!]));
}
