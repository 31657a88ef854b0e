import type Database from 'better-sqlite3';

/**
 * What the store derives from its rows (which go in through writes.ts), written the same
 * way after a full build and after an in-place update: counts for listing pages, and an
 * offering's topics (what its items' records and its own record say of it together).
 * `touched` limits the work to what a change touched; without it, everything.
 */
export interface Touched {
  topics: ReadonlySet<number>;
  offerings: ReadonlySet<number>;
  sources: ReadonlySet<number>;
  tags: ReadonlySet<number>;
  sections: ReadonlySet<number>;
}

export function refreshDerived(db: Database.Database, touched?: Touched): void {
  const only = (ids: ReadonlySet<number> | undefined) => (ids ? `WHERE id IN (SELECT value FROM json_each('${JSON.stringify([...ids])}'))` : '');
  db.exec(`
    UPDATE Topic SET newsCount = (SELECT count(*) FROM NewsTopic WHERE topicId = Topic.id) ${only(touched?.topics)};
    UPDATE Offering SET newsCount = (SELECT count(*) FROM NewsOffering WHERE offeringId = Offering.id) ${only(touched?.offerings)};
    UPDATE Source SET newsCount = (SELECT count(*) FROM NewsItem WHERE sourceId = Source.id) ${only(touched?.sources)};
    UPDATE Tag SET newsCount = (SELECT count(*) FROM NewsTag WHERE tagId = Tag.id) ${only(touched?.tags)};
  `);
  // A section is named and placed by most of its records (ties: the first label in
  // alphabetical order, the lowest id), so the result does not depend on file order.
  db.exec(`
    UPDATE Section SET
      newsCount = (SELECT count(*) FROM NewsSection WHERE sectionId = Section.id),
      label = coalesce((SELECT label FROM NewsSection WHERE sectionId = Section.id GROUP BY label ORDER BY count(*) DESC, label LIMIT 1), label),
      parentId = (SELECT parentId FROM NewsSection WHERE sectionId = Section.id AND parentId IS NOT NULL AND parentId <> Section.id
                  GROUP BY parentId ORDER BY count(*) DESC, parentId LIMIT 1)
      ${only(touched?.sections)};
  `);
  const offerings = touched ? `WHERE offeringId IN (SELECT value FROM json_each('${JSON.stringify([...touched.offerings])}'))` : '';
  db.exec(`
    DELETE FROM OfferingTopic ${offerings};
    INSERT OR IGNORE INTO OfferingTopic (offeringId, topicId) SELECT DISTINCT offeringId, topicId FROM NewsOfferingTopic ${offerings};
    INSERT OR IGNORE INTO OfferingTopic (offeringId, topicId) SELECT offeringId, topicId FROM OfferingProfileTopic ${offerings};
  `);
  // A profile's page lists the items that relate to its offering and those that share
  // the topics its record gives it; other offerings list the first kind only.
  const listed = touched
    ? `WHERE id IN (SELECT value FROM json_each('${JSON.stringify([...touched.offerings])}'))
         OR id IN (SELECT offeringId FROM OfferingProfileTopic WHERE topicId IN (SELECT value FROM json_each('${JSON.stringify([...touched.topics])}')))`
    : '';
  db.exec(`
    UPDATE Offering SET listedCount = (
      SELECT count(*) FROM (
        SELECT newsId FROM NewsOffering WHERE offeringId = Offering.id
        UNION SELECT nt.newsId FROM OfferingProfileTopic pt JOIN NewsTopic nt ON nt.topicId = pt.topicId WHERE pt.offeringId = Offering.id)) ${listed};
  `);
}

/** After an in-place change: what a full build would not make, things no published item or profile names any more. */
export function dropUnused(db: Database.Database): void {
  db.exec(`
    DELETE FROM OfferingTopic WHERE offeringId IN (SELECT id FROM Offering WHERE newsCount = 0 AND profilePath IS NULL);
    DELETE FROM Offering WHERE newsCount = 0 AND profilePath IS NULL;
    DELETE FROM Source WHERE newsCount = 0;
    DELETE FROM Tag WHERE newsCount = 0;
    DELETE FROM Section WHERE newsCount = 0;
    DELETE FROM Author WHERE id NOT IN (SELECT authorId FROM NewsAuthor);
    DELETE FROM Topic WHERE newsCount = 0 AND NOT fromTaxonomy AND id NOT IN (SELECT topicId FROM OfferingTopic);
  `);
}
