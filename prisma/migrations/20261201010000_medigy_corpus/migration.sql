-- Medigy's whole corpus: videos and feed items beside articles, feeds as sources,
-- offering records (product profiles) with their own old addresses and topics, and
-- the images published with the store.

-- AlterTable
ALTER TABLE "NewsItem" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'article';

-- AlterTable
ALTER TABLE "Source" ADD COLUMN "title" TEXT;
ALTER TABLE "Source" ADD COLUMN "siteUrl" TEXT;
ALTER TABLE "Source" ADD COLUMN "feedUrl" TEXT;
ALTER TABLE "Source" ADD COLUMN "iconHref" TEXT;

-- AlterTable
ALTER TABLE "Offering" ADD COLUMN "profilePath" TEXT;
ALTER TABLE "Offering" ADD COLUMN "vendor" TEXT;
ALTER TABLE "Offering" ADD COLUMN "offeringType" TEXT;
ALTER TABLE "Offering" ADD COLUMN "shortDescription" TEXT;
ALTER TABLE "Offering" ADD COLUMN "bodyHtml" TEXT;
ALTER TABLE "Offering" ADD COLUMN "links" TEXT;
ALTER TABLE "Offering" ADD COLUMN "logoHref" TEXT;
ALTER TABLE "Offering" ADD COLUMN "imageHref" TEXT;
ALTER TABLE "Offering" ADD COLUMN "createdOn" DATETIME;
ALTER TABLE "Offering" ADD COLUMN "updatedOn" DATETIME;
ALTER TABLE "Offering" ADD COLUMN "recordId" INTEGER;
ALTER TABLE "Offering" ADD COLUMN "listedCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "SourceFile" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'news';
ALTER TABLE "SourceFile" ADD COLUMN "offeringId" INTEGER;

-- CreateTable
CREATE TABLE "OfferingAlias" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "offeringId" INTEGER NOT NULL,
    CONSTRAINT "OfferingAlias_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfferingProfileTopic" (
    "offeringId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("offeringId", "topicId"),
    CONSTRAINT "OfferingProfileTopic_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfferingProfileTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Image" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "digest" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "variants" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mtimeMs" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "OfferingAlias_offeringId_idx" ON "OfferingAlias"("offeringId");

-- CreateIndex
CREATE INDEX "OfferingProfileTopic_topicId_idx" ON "OfferingProfileTopic"("topicId");

-- CreateIndex
CREATE INDEX "SourceFile_offeringId_idx" ON "SourceFile"("offeringId");
