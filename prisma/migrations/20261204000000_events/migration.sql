-- Events: an item of kind `event` keeps its dates, time zone, place, being online or
-- cancelled, and its recording (lib/content/event.ts), for /events, its page and its
-- calendar file. Other items leave them empty. The /events page reads events by kind
-- and start.
-- AlterTable
ALTER TABLE "NewsItem" ADD COLUMN "eventStart" TEXT;
ALTER TABLE "NewsItem" ADD COLUMN "eventEnd" TEXT;
ALTER TABLE "NewsItem" ADD COLUMN "eventAllDay" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "NewsItem" ADD COLUMN "eventTimeZone" TEXT;
ALTER TABLE "NewsItem" ADD COLUMN "eventPlace" TEXT;
ALTER TABLE "NewsItem" ADD COLUMN "eventOnline" BOOLEAN;
ALTER TABLE "NewsItem" ADD COLUMN "eventCancelled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "NewsItem" ADD COLUMN "eventRecordingUrl" TEXT;

-- CreateIndex
CREATE INDEX "NewsItem_kind_eventStart_idx" ON "NewsItem"("kind", "eventStart");
