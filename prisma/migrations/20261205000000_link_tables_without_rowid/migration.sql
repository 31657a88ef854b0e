-- The tables that grow with the records (an item's links, its old addresses, related
-- news, records' claims) become WITHOUT ROWID tables: each is its primary key's B-tree
-- and nothing else. As rowid tables they held every row twice, in the table and in the
-- index of its composite key, so each insert wrote two B-trees (replaying a
-- 100,000-record store's rows: ~2 s less of the 7–9 s these tables took). Same columns,
-- keys and indexes; Prisma sees no difference. Redefined as Prisma redefines a table.

-- RedefineTables: NewsTopic
DROP INDEX "NewsTopic_topicId_date_newsId_idx";
CREATE TABLE "new_NewsTopic" (
    "newsId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "topicId"),
    CONSTRAINT "NewsTopic_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsTopic" ("newsId", "topicId", "date", "position") SELECT "newsId", "topicId", "date", "position" FROM "NewsTopic";
DROP TABLE "NewsTopic";
ALTER TABLE "new_NewsTopic" RENAME TO "NewsTopic";
CREATE INDEX "NewsTopic_topicId_date_newsId_idx" ON "NewsTopic"("topicId", "date" DESC, "newsId");

-- RedefineTables: NewsOffering
DROP INDEX "NewsOffering_offeringId_date_newsId_idx";
CREATE TABLE "new_NewsOffering" (
    "newsId" INTEGER NOT NULL,
    "offeringId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "offeringId"),
    CONSTRAINT "NewsOffering_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOffering_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsOffering" ("newsId", "offeringId", "date", "position") SELECT "newsId", "offeringId", "date", "position" FROM "NewsOffering";
DROP TABLE "NewsOffering";
ALTER TABLE "new_NewsOffering" RENAME TO "NewsOffering";
CREATE INDEX "NewsOffering_offeringId_date_newsId_idx" ON "NewsOffering"("offeringId", "date" DESC, "newsId");

-- RedefineTables: NewsOfferingTopic
DROP INDEX "NewsOfferingTopic_offeringId_topicId_idx";
DROP INDEX "NewsOfferingTopic_topicId_idx";
CREATE TABLE "new_NewsOfferingTopic" (
    "newsId" INTEGER NOT NULL,
    "offeringId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "offeringId", "topicId"),
    CONSTRAINT "NewsOfferingTopic_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOfferingTopic_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOfferingTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsOfferingTopic" ("newsId", "offeringId", "topicId") SELECT "newsId", "offeringId", "topicId" FROM "NewsOfferingTopic";
DROP TABLE "NewsOfferingTopic";
ALTER TABLE "new_NewsOfferingTopic" RENAME TO "NewsOfferingTopic";
CREATE INDEX "NewsOfferingTopic_offeringId_topicId_idx" ON "NewsOfferingTopic"("offeringId", "topicId");
CREATE INDEX "NewsOfferingTopic_topicId_idx" ON "NewsOfferingTopic"("topicId");

-- RedefineTables: NewsAuthor
DROP INDEX "NewsAuthor_authorId_idx";
CREATE TABLE "new_NewsAuthor" (
    "newsId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "authorId"),
    CONSTRAINT "NewsAuthor_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsAuthor_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsAuthor" ("newsId", "authorId", "position") SELECT "newsId", "authorId", "position" FROM "NewsAuthor";
DROP TABLE "NewsAuthor";
ALTER TABLE "new_NewsAuthor" RENAME TO "NewsAuthor";
CREATE INDEX "NewsAuthor_authorId_idx" ON "NewsAuthor"("authorId");

-- RedefineTables: NewsTag
DROP INDEX "NewsTag_tagId_date_newsId_idx";
CREATE TABLE "new_NewsTag" (
    "newsId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL, "date" DATETIME NOT NULL DEFAULT 0,

    PRIMARY KEY ("newsId", "tagId"),
    CONSTRAINT "NewsTag_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsTag" ("newsId", "tagId", "date") SELECT "newsId", "tagId", "date" FROM "NewsTag";
DROP TABLE "NewsTag";
ALTER TABLE "new_NewsTag" RENAME TO "NewsTag";
CREATE INDEX "NewsTag_tagId_date_newsId_idx" ON "NewsTag"("tagId", "date" DESC, "newsId");

-- RedefineTables: Alias
DROP INDEX "Alias_newsId_idx";
CREATE TABLE "new_Alias" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "newsId" INTEGER NOT NULL,
    CONSTRAINT "Alias_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_Alias" ("path", "newsId") SELECT "path", "newsId" FROM "Alias";
DROP TABLE "Alias";
ALTER TABLE "new_Alias" RENAME TO "Alias";
CREATE INDEX "Alias_newsId_idx" ON "Alias"("newsId");

-- RedefineTables: NewsSection
DROP INDEX "NewsSection_sectionId_date_newsId_idx";
CREATE TABLE "new_NewsSection" (
    "newsId" INTEGER NOT NULL,
    "sectionId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL DEFAULT 0,
    "label" TEXT NOT NULL,
    "parentId" INTEGER,

    PRIMARY KEY ("newsId", "sectionId"),
    CONSTRAINT "NewsSection_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsSection_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_NewsSection" ("newsId", "sectionId", "date", "label", "parentId") SELECT "newsId", "sectionId", "date", "label", "parentId" FROM "NewsSection";
DROP TABLE "NewsSection";
ALTER TABLE "new_NewsSection" RENAME TO "NewsSection";
CREATE INDEX "NewsSection_sectionId_date_newsId_idx" ON "NewsSection"("sectionId", "date" DESC, "newsId");

-- RedefineTables: RelatedNews
DROP INDEX "RelatedNews_relatedId_idx";
CREATE TABLE "new_RelatedNews" (
    "newsId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "relatedId" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "rank"),
    CONSTRAINT "RelatedNews_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RelatedNews_relatedId_fkey" FOREIGN KEY ("relatedId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_RelatedNews" ("newsId", "rank", "relatedId") SELECT "newsId", "rank", "relatedId" FROM "RelatedNews";
DROP TABLE "RelatedNews";
ALTER TABLE "new_RelatedNews" RENAME TO "RelatedNews";
CREATE INDEX "RelatedNews_relatedId_idx" ON "RelatedNews"("relatedId");

-- RedefineTables: RecordClaim
DROP INDEX "RecordClaim_path_idx";
CREATE TABLE "new_RecordClaim" (
    "key" TEXT NOT NULL,
    "exclusive" BOOLEAN NOT NULL,
    "path" TEXT NOT NULL,

    PRIMARY KEY ("key", "exclusive", "path")
) WITHOUT ROWID;
INSERT INTO "new_RecordClaim" ("key", "exclusive", "path") SELECT "key", "exclusive", "path" FROM "RecordClaim";
DROP TABLE "RecordClaim";
ALTER TABLE "new_RecordClaim" RENAME TO "RecordClaim";
CREATE INDEX "RecordClaim_path_idx" ON "RecordClaim"("path");
