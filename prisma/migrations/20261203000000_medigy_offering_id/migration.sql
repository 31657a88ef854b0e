-- Offering.offeringId was Medigy's id for the offering, while every other table's
-- offeringId is the store's key (Offering.id): the column says whose id it is now.
-- An older store is rebuilt rather than migrated in place (lib/ingest/sync.ts).
-- AlterTable
ALTER TABLE "Offering" RENAME COLUMN "offeringId" TO "medigyOfferingId";
