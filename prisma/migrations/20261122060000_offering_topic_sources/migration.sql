-- Which item said an offering belongs to a topic: the incremental ingest rebuilds an
-- offering's topics from these when items change.

-- CreateTable
CREATE TABLE "NewsOfferingTopic" (
    "newsId" INTEGER NOT NULL,
    "offeringId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("newsId", "offeringId", "topicId"),
    CONSTRAINT "NewsOfferingTopic_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOfferingTopic_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsOfferingTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "NewsOfferingTopic_offeringId_topicId_idx" ON "NewsOfferingTopic"("offeringId", "topicId");

-- CreateIndex
CREATE INDEX "NewsOfferingTopic_topicId_idx" ON "NewsOfferingTopic"("topicId");
