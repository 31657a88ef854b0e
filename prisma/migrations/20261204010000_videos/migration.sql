-- Videos on item pages and an editor's pin on the front page.
-- AlterTable
ALTER TABLE "NewsItem" ADD COLUMN "video" TEXT;
ALTER TABLE "NewsItem" ADD COLUMN "featured" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "NewsItem_featured_date_idx" ON "NewsItem"("featured" DESC, "date" DESC);
