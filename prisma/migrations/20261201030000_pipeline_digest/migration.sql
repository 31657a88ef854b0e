-- The store keeps what pages show: fields no page reads stay in the record files
-- (which git keeps), not copied into every row.
-- AlterTable
ALTER TABLE "NewsItem" DROP COLUMN "extra";

-- Which code made the store's rows: a rebuild reuses the rows of unchanged files only
-- when the same code would make them again (lib/ingest/pipeline-version.ts).
-- AlterTable
ALTER TABLE "StoreInfo" ADD COLUMN "pipelineDigest" TEXT;
