-- Topic hierarchy, descriptions and equivalents from the taxonomy file.

-- AlterTable
ALTER TABLE "Topic" ADD COLUMN "description" TEXT;
ALTER TABLE "Topic" ADD COLUMN "parentId" INTEGER REFERENCES "Topic" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "TopicEquivalent" (
    "topicId" INTEGER NOT NULL,
    "equivalentId" INTEGER NOT NULL,

    PRIMARY KEY ("topicId", "equivalentId"),
    CONSTRAINT "TopicEquivalent_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TopicEquivalent_equivalentId_fkey" FOREIGN KEY ("equivalentId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Topic_parentId_idx" ON "Topic"("parentId");
