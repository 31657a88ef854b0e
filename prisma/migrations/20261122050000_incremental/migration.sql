-- Incremental ingest and the web editor: what the store was built from, file by file.

-- AlterTable
ALTER TABLE "Topic" ADD COLUMN "fromTaxonomy" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SourceFile" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "digest" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mtimeMs" REAL NOT NULL,
    "state" TEXT NOT NULL,
    "newsId" INTEGER,
    "slug" TEXT,
    "title" TEXT,
    "linkKey" TEXT,
    "recordId" INTEGER
);

-- CreateIndex
CREATE INDEX "SourceFile_linkKey_idx" ON "SourceFile"("linkKey");

-- CreateIndex
CREATE INDEX "SourceFile_newsId_idx" ON "SourceFile"("newsId");
