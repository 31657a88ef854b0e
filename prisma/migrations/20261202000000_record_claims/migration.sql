-- What each valid record claims among the others (lib/catalog/claims.ts): its address,
-- its old addresses and the sections of its trail. An incremental ingest follows these
-- keys to judge again every record a change can affect, as a build from scratch would.
-- CreateTable
CREATE TABLE "RecordClaim" (
    "key" TEXT NOT NULL,
    "exclusive" BOOLEAN NOT NULL,
    "path" TEXT NOT NULL,

    PRIMARY KEY ("key", "exclusive", "path")
);

-- CreateIndex
CREATE INDEX "RecordClaim_path_idx" ON "RecordClaim"("path");
