-- Sections: the pages records' breadcrumb trails lead to (/communities/pandemic,
-- /feed/latest). A section's label and parent are what most of its items' records say
-- (NewsSection keeps each record's word); its items are listed newest first.

-- CreateTable
CREATE TABLE "Section" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "path" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "parentId" INTEGER,
    "newsCount" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "NewsSection" (
    "newsId" INTEGER NOT NULL,
    "sectionId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL DEFAULT 0,
    "label" TEXT NOT NULL,
    "parentId" INTEGER,

    PRIMARY KEY ("newsId", "sectionId"),
    CONSTRAINT "NewsSection_newsId_fkey" FOREIGN KEY ("newsId") REFERENCES "NewsItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NewsSection_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Section_path_key" ON "Section"("path");

-- CreateIndex
CREATE INDEX "Section_parentId_idx" ON "Section"("parentId");

-- CreateIndex
CREATE INDEX "NewsSection_sectionId_date_newsId_idx" ON "NewsSection"("sectionId", "date" DESC, "newsId");
