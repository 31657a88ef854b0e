import { Prisma } from '../generated/prisma/browser';
import type * as Model from '../generated/prisma/browser';

/**
 * The store's tables as the code that writes and reads them raw sees them, derived from
 * prisma/schema.prisma (the schema of record) through the generated client's browser
 * entry: its models give the row types, its `<Model>ScalarFieldEnum` objects the column
 * lists in schema order. That entry loads only Prisma's small browser runtime, never the
 * client or its engine, so a command that only looks at the store stays light. The SQL
 * that creates the tables is in prisma/migrations, held to the same file by
 * tests/unit/store.test.ts.
 */
interface Models {
  NewsItem: Model.NewsItem;
  Topic: Model.Topic;
  TopicEquivalent: Model.TopicEquivalent;
  NewsTopic: Model.NewsTopic;
  Offering: Model.Offering;
  OfferingAlias: Model.OfferingAlias;
  OfferingProfileTopic: Model.OfferingProfileTopic;
  NewsOfferingTopic: Model.NewsOfferingTopic;
  OfferingTopic: Model.OfferingTopic;
  NewsOffering: Model.NewsOffering;
  Source: Model.Source;
  Author: Model.Author;
  NewsAuthor: Model.NewsAuthor;
  Tag: Model.Tag;
  NewsTag: Model.NewsTag;
  Alias: Model.Alias;
  RelatedNews: Model.RelatedNews;
  StoreInfo: Model.StoreInfo;
  SourceFile: Model.SourceFile;
  RecordClaim: Model.RecordClaim;
  Image: Model.Image;
  Section: Model.Section;
  NewsSection: Model.NewsSection;
}

export type TableName = keyof Models;

/** How SQLite holds a Prisma scalar here: DateTime as epoch milliseconds (an integer), Boolean as 0 or 1. */
type Stored<V> = V extends Date ? number : V extends boolean ? 0 | 1 : V;

/** A row of a table as SQLite holds it, and as better-sqlite3 reads and binds it. */
export type Row<T extends TableName> = { [K in keyof Models[T]]: Stored<Models[T][K]> };
export type Column<T extends TableName> = keyof Row<T> & string;

const SCALARS: { [T in TableName]: { readonly [field: string]: Column<T> } } = {
  NewsItem: Prisma.NewsItemScalarFieldEnum,
  Topic: Prisma.TopicScalarFieldEnum,
  TopicEquivalent: Prisma.TopicEquivalentScalarFieldEnum,
  NewsTopic: Prisma.NewsTopicScalarFieldEnum,
  Offering: Prisma.OfferingScalarFieldEnum,
  OfferingAlias: Prisma.OfferingAliasScalarFieldEnum,
  OfferingProfileTopic: Prisma.OfferingProfileTopicScalarFieldEnum,
  NewsOfferingTopic: Prisma.NewsOfferingTopicScalarFieldEnum,
  OfferingTopic: Prisma.OfferingTopicScalarFieldEnum,
  NewsOffering: Prisma.NewsOfferingScalarFieldEnum,
  Source: Prisma.SourceScalarFieldEnum,
  Author: Prisma.AuthorScalarFieldEnum,
  NewsAuthor: Prisma.NewsAuthorScalarFieldEnum,
  Tag: Prisma.TagScalarFieldEnum,
  NewsTag: Prisma.NewsTagScalarFieldEnum,
  Alias: Prisma.AliasScalarFieldEnum,
  RelatedNews: Prisma.RelatedNewsScalarFieldEnum,
  StoreInfo: Prisma.StoreInfoScalarFieldEnum,
  SourceFile: Prisma.SourceFileScalarFieldEnum,
  RecordClaim: Prisma.RecordClaimScalarFieldEnum,
  Image: Prisma.ImageScalarFieldEnum,
  Section: Prisma.SectionScalarFieldEnum,
  NewsSection: Prisma.NewsSectionScalarFieldEnum,
};

const COLUMNS = new Map<TableName, readonly string[]>();

/** A table's columns, in the schema's order. */
export function columns<T extends TableName>(table: T): readonly Column<T>[] {
  let list = COLUMNS.get(table);
  if (!list) COLUMNS.set(table, (list = Object.freeze(Object.values(SCALARS[table]))));
  return list as readonly Column<T>[];
}

/** A table's columns but `except` (those the database fills, or that a write leaves alone). */
export function columnsBut<T extends TableName>(table: T, except: readonly Column<T>[]): readonly Column<T>[] {
  return columns(table).filter((c) => !except.includes(c));
}

/**
 * The full-text search index (SQLite FTS5, prisma/migrations/20261122020000_search): a
 * virtual table, which Prisma cannot model, so the one table defined here by hand. Its
 * rowid is the item's id (lib/catalog/ids.ts); its columns in bm25() weight order.
 */
export const SEARCH_TABLE = 'NewsSearch';
export const SEARCH_COLUMNS = ['title', 'description', 'body', 'topics', 'source', 'offerings'] as const;
export type SearchRow = { rowid: number } & { [C in (typeof SEARCH_COLUMNS)[number]]: string };
