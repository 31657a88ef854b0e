-- Tag pages list a tag's items newest first: counts on Tag, dates on NewsTag.

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN "newsCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "NewsTag" ADD COLUMN "date" DATETIME NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "NewsTag_tagId_idx";

-- CreateIndex
CREATE INDEX "NewsTag_tagId_date_newsId_idx" ON "NewsTag"("tagId", "date" DESC, "newsId");
