-- Full-text search over news items (SQLite FTS5). A virtual table, so not modelled in
-- schema.prisma (Prisma has no virtual tables); lib/pages/search.ts queries it.
-- rowid = NewsItem.id. Columns in bm25() weight order: title, description, body,
-- topics, source, offerings.
CREATE VIRTUAL TABLE "NewsSearch" USING fts5(
    title,
    description,
    body,
    topics,
    source,
    offerings,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
