/**
 * What the other records say: the narrow view the rules across records (rules.ts)
 * need. Two implementations answer it: in memory while records are read one after
 * another (memory.ts: the full ingest, `npm run check`, `curate --no-ingest`), and
 * from the served store (lib/store/catalog-view.ts: the incremental ingest, the web
 * editor, `curate`).
 */

/** A topic: "Collection: Label". */
export interface TopicEntity {
  id: number;
  slug: string;
  name: string;
  collection: string;
  label: string;
  description: string | null;
  parentId: number | null;
  equivalentIds: number[];
  /** Named by the taxonomy file: kept even when no item uses it. */
  fromTaxonomy: boolean;
}

export interface OfferingEntity {
  id: number;
  slug: string;
  label: string;
  /** Medigy's offering id, when a record gives one. */
  offeringId: number | null;
}

export interface SourceEntity {
  id: number;
  slug: string;
  brand: string;
  /** When the source is a feed: its own name, site, address and icon (a file beside a record). */
  title: string | null;
  siteUrl: string | null;
  feedUrl: string | null;
  iconHref: string | null;
}

/** Authors and tags: a name and its slug. */
export interface NamedEntity {
  id: number;
  slug: string;
  name: string;
}

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

/** What an offering record says of its offering, for its profile page. */
export interface OfferingProfile {
  offeringId: number;
  file: string;
  slug: string;
  vendor: string | null;
  offeringType: string | null;
  shortDescription: string | null;
  bodyHtml: string;
  links: Record<string, string>;
  logoHref: string | null;
  imageHref: string | null;
  createdOn: number | null;
  updatedOn: number | null;
  recordId: number | null;
  topicIds: number[];
  aliases: string[];
}

/** What a valid record tells about itself to new records (lib/curation). */
export interface NotedRecord {
  file: string;
  slug: string;
  url: string;
  /** The url compared without scheme, www., tracking parameters… (lib/content/link.ts). */
  linkKey: string;
  recordId: number | null;
  offerings: { label: string; slug: string; offeringId: number | null; topics: { name: string }[] }[];
}

/** An offering as records name it in `relatedOfferings`, for writing a new record. */
export interface OfferingEntry {
  label: string;
  permalink: string;
  categories: string[];
  offeringId?: number;
}

export interface CatalogView {
  /** The file of the published item with this slug. */
  slugOwner(slug: string): string | undefined;
  /** The file of the published item an old address (`aliases`) leads to. */
  pathOwner(path: string): string | undefined;
  /** Whether a news id is in use. */
  newsIdTaken(id: number): boolean;

  /** A named thing by its key: a topic's name, an offering's slug, a source's brand, an author's name, a tag's name in lower case. */
  entity<K extends EntityKind>(kind: K, key: string): Entities[K] | undefined;
  /** Registers a named thing (its id and slug chosen by the rules), or replaces what is known of it. */
  putEntity<K extends EntityKind>(kind: K, key: string, entity: Entities[K]): void;
  entityIdTaken(kind: EntityKind, id: number): boolean;
  entitySlugTaken(kind: EntityKind, slug: string): boolean;

  /** An item the rules admitted: its slug and old addresses are now taken, the sections of its trail named. */
  admitted(item: { id: number; file: string; slug: string; aliases: string[]; sections: string[] }): void;
  /** The file of a published item whose trail passes through the section at this address. */
  sectionOwner(path: string): string | undefined;

  /** The file of the offering record (profile) of the offering with this slug. */
  profileOwner(slug: string): string | undefined;
  /** An offering record the rules admitted: its profile, its topics, its old addresses. */
  putProfile(profile: OfferingProfile): void;
  /** A valid record, published or draft: what new records are checked against (below). */
  noted(record: NotedRecord): void;

  // For writing new records (lib/curation): what every record, drafts too, says.
  /** The record file that curates a link (compared by its linkKey). */
  linkOwner(key: string): string | undefined;
  /** Whether a new record may not take this slug: a record has it (drafts too) or an old address is /news/<slug>. */
  slugInUse(slug: string): boolean;
  /** An offering by label (any case) or slug, as records name it. */
  offeringEntry(nameOrSlug: string): OfferingEntry | undefined;
  /** Highest Medigy record id in use (a new record takes the next). */
  maxRecordId(): number;
}
