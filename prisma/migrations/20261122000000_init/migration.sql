-- CreateTable
CREATE TABLE "NewsItem" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "recordId" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "bodyHtml" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "lastMod" DATETIME,
    "url" TEXT NOT NULL,
    "originalUrl" TEXT,
    "sourceId" INTEGER,
    "featuredImageHref" TEXT,
    "featuredImageAlt" TEXT,
    "featuredImageWidth" INTEGER,
    "featuredImageHeight" INTEGER,
    "breadcrumbs" TEXT NOT NULL,
    "socialMeta" TEXT NOT NULL,
    "extra" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourcePath" TEXT NOT NULL,
    CONSTRAINT "NewsItem_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "newsCount" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "NewsTopic" (
    "newsId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "topicId"),
    CONSTRAINT "NewsTopic_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Offering" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "offeringId" INTEGER,
    "newsCount" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "OfferingTopic" (
    "offeringId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("offeringId", "topicId"),
    CONSTRAINT "OfferingTopic_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfferingTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NewsOffering" (
    "newsId" INTEGER NOT NULL,
    "offeringId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "offeringId"),
    CONSTRAINT "NewsOffering_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOffering_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Source" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "newsCount" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Author" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "NewsAuthor" (
    "newsId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "authorId"),
    CONSTRAINT "NewsAuthor_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsAuthor_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "NewsTag" (
    "newsId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "tagId"),
    CONSTRAINT "NewsTag_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alias" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "newsId" INTEGER NOT NULL,
    CONSTRAINT "Alias_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RelatedNews" (
    "newsId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "relatedId" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "rank"),
    CONSTRAINT "RelatedNews_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RelatedNews_relatedId_fkey" FOREIGN KEY ("relatedId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoreInfo" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "ingestedAt" DATETIME NOT NULL,
    "contentDigest" TEXT NOT NULL,
    "recordCount" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "NewsItem_slug_key" ON "NewsItem"("slug");

-- CreateIndex
CREATE INDEX "NewsItem_date_id_idx" ON "NewsItem"("date" DESC, "id");

-- CreateIndex
CREATE INDEX "NewsItem_sourceId_date_idx" ON "NewsItem"("sourceId", "date" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Topic_slug_key" ON "Topic"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_name_key" ON "Topic"("name");

-- CreateIndex
CREATE INDEX "Topic_collection_label_idx" ON "Topic"("collection", "label");

-- CreateIndex
CREATE INDEX "NewsTopic_topicId_date_newsId_idx" ON "NewsTopic"("topicId", "date" DESC, "newsId");

-- CreateIndex
CREATE UNIQUE INDEX "Offering_slug_key" ON "Offering"("slug");

-- CreateIndex
CREATE INDEX "OfferingTopic_topicId_idx" ON "OfferingTopic"("topicId");

-- CreateIndex
CREATE INDEX "NewsOffering_offeringId_date_newsId_idx" ON "NewsOffering"("offeringId", "date" DESC, "newsId");

-- CreateIndex
CREATE UNIQUE INDEX "Source_slug_key" ON "Source"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Source_brand_key" ON "Source"("brand");

-- CreateIndex
CREATE UNIQUE INDEX "Author_slug_key" ON "Author"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Author_name_key" ON "Author"("name");

-- CreateIndex
CREATE INDEX "NewsAuthor_authorId_idx" ON "NewsAuthor"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE INDEX "NewsTag_tagId_idx" ON "NewsTag"("tagId");

-- CreateIndex
CREATE INDEX "Alias_newsId_idx" ON "Alias"("newsId");

-- CreateIndex
CREATE INDEX "RelatedNews_relatedId_idx" ON "RelatedNews"("relatedId");
