import type * as Model from '../generated/prisma/browser';

/**
 * What the other records say: the narrow view the rules across records (rules.ts) need,
 * read only. Two implementations answer it: in memory while records are read one after
 * another (memory.ts: the full ingest, `npm run check`, `curate --no-ingest`), and from
 * the served store (lib/store/catalog-view.ts: the incremental ingest, the web editor,
 * `curate`). What the rules decide while judging (a new topic's id, a slug now taken)
 * they note in memory (memory.ts, layered over the store's view when there is one); the
 * store learns it from the verdicts, through its writer (lib/store/writer.ts).
 *
 * The named things are the store's models (prisma/schema.prisma) as the rules see them.
 */

/** A topic, "Collection: Label" (model Topic), with the topics equal to it in other collections. */
export type TopicEntity = Pick<Model.Topic, 'id' | 'slug' | 'name' | 'collection' | 'label' | 'description' | 'parentId' | 'fromTaxonomy'> & { equivalentIds: number[] };

/** An offering news records relate to (model Offering): the store's id, and Medigy's id when a record gives one. */
export type OfferingEntity = Pick<Model.Offering, 'id' | 'slug' | 'label' | 'medigyOfferingId'>;

/** A publisher (model Source); when it is a feed, its own name, site, address and icon (a file beside a record). */
export type SourceEntity = Pick<Model.Source, 'id' | 'slug' | 'brand' | 'title' | 'siteUrl' | 'feedUrl' | 'iconHref'>;

/** Authors and tags: a name and its slug. */
export type NamedEntity = Pick<Model.Author, 'id' | 'slug' | 'name'>;

export interface Entities {
  topic: TopicEntity;
  offering: OfferingEntity;
  source: SourceEntity;
  author: NamedEntity;
  tag: NamedEntity;
  /** A section (a page records' trails lead to): its address as the slug, the label it was first given as the name. */
  section: NamedEntity;
}
export type EntityKind = keyof Entities;

/** A named thing the rules made or changed while admitting a record: what the store must hold of it from now on. */
export type Named = { [K in EntityKind]: { kind: K; key: string; entity: Entities[K] } }[EntityKind];

/** What a valid record tells about itself to new records (lib/curation). */
export interface NotedRecord {
  file: string;
  slug: string;
  url: string;
  /** The url compared without scheme, www., tracking parameters… (lib/content/link.ts). */
  linkKey: string;
  recordId: number | null;
  /** `offeringId`: Medigy's, as the record's front matter gives it. */
  offerings: { label: string; slug: string; offeringId: number | null; topics: { name: string }[] }[];
}

/** An offering as records name it in `relatedOfferings`, for writing a new record (`offeringId`: Medigy's, the front-matter field). */
export interface OfferingEntry {
  label: string;
  permalink: string;
  categories: string[];
  offeringId?: number;
}

/** What the rules need to know of a published item to tell whether another record curates the same article. */
export interface PublishedItem {
  id: number;
  date: number;
  title: string;
  linkKey: string;
}

export interface CatalogView {
  /** The file of the published item with this slug. */
  slugOwner(slug: string): string | undefined;
  /** The file of the published item (or offering record) an old address (`aliases`) leads to. */
  pathOwner(path: string): string | undefined;
  /** Whether a news id is in use. */
  newsIdTaken(id: number): boolean;
  /** The item a file published: its id, date, title and link (compared by its linkKey), to tell the same article curated twice. */
  publishedItem(file: string): PublishedItem | undefined;

  /** A named thing by its key: a topic's name, an offering's slug, a source's brand, an author's name, a tag's name in lower case. */
  entity<K extends EntityKind>(kind: K, key: string): Entities[K] | undefined;
  entityIdTaken(kind: EntityKind, id: number): boolean;
  entitySlugTaken(kind: EntityKind, slug: string): boolean;

  /** The file, first by path, of a published item whose trail passes through the section at this address. */
  sectionOwner(path: string): string | undefined;
  /** The file of the offering record (profile) of the offering with this slug. */
  profileOwner(slug: string): string | undefined;

  // For writing new records (lib/curation): what every record, drafts too, says.
  /** The record file, first by path, that curates a link (compared by its linkKey). */
  linkOwner(key: string): string | undefined;
  /** Whether a new record may not take this slug: a record has it (drafts too) or an old address is /news/<slug>. */
  slugInUse(slug: string): boolean;
  /** An offering by label (any case) or slug, as records name it. */
  offeringEntry(nameOrSlug: string): OfferingEntry | undefined;
  /** Highest Medigy record id in use (a new record takes the next). */
  maxRecordId(): number;
}
