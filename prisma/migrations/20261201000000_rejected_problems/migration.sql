-- What was wrong with each rejected file, so that every ingest can say what is still
-- rejected (not only the one that rejected it).

-- AlterTable
ALTER TABLE "SourceFile" ADD COLUMN "problems" TEXT;

-- CreateIndex
CREATE INDEX "SourceFile_state_idx" ON "SourceFile"("state");
