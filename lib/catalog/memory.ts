import { offeringPermalink } from '../content/schema';
import { routes } from '../urls/pages';
import type { CatalogView, Entities, EntityKind, NotedRecord, OfferingEntry, PublishedItem } from './view';

/** The first of two files by path (either may be missing): "the first record wins" is the first by path. */
const firstByPath = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a <= b ? a : b);

/**
 * The other records as the rules learn them, one after another: what the rules across
 * records decided so far (records are judged in path order, so "the first record wins"
 * is the same on every run). On its own it is the whole view (the full ingest reads every
 * file; `npm run check`); over the store's view (`under`) it holds only what was decided
 * since the store was read, and answers the rest from the store: the rules never write
 * into the view they read.
 */
export class MemoryView implements CatalogView {
  private readonly slugs = new Map<string, string>();
  private readonly paths = new Map<string, string>();
  private readonly newsIds = new Set<number>();
  private readonly items = new Map<string, PublishedItem>();
  private readonly entities: { [K in EntityKind]: Map<string, Entities[K]> } = {
    topic: new Map(),
    offering: new Map(),
    source: new Map(),
    author: new Map(),
    tag: new Map(),
    section: new Map(),
  };
  private readonly ids: Record<EntityKind, Set<number>> = { topic: new Set(), offering: new Set(), source: new Set(), author: new Set(), tag: new Set(), section: new Set() };
  private readonly entitySlugs: Record<EntityKind, Set<string>> = { topic: new Set(), offering: new Set(), source: new Set(), author: new Set(), tag: new Set(), section: new Set() };
  private readonly sections = new Map<string, string>();
  private readonly links = new Map<string, string>();
  private readonly recordSlugs = new Set<string>();
  private readonly offerings = new Map<string, OfferingEntry>();
  private readonly profiles = new Map<string, string>();
  private maxId = 0;

  constructor(private readonly under?: CatalogView) {}

  slugOwner(slug: string) {
    return this.slugs.get(slug) ?? this.under?.slugOwner(slug);
  }
  pathOwner(path: string) {
    return this.paths.get(path) ?? this.under?.pathOwner(path);
  }
  newsIdTaken(id: number) {
    return this.newsIds.has(id) || this.under?.newsIdTaken(id) === true;
  }
  publishedItem(file: string) {
    return this.items.get(file) ?? this.under?.publishedItem(file);
  }
  entity<K extends EntityKind>(kind: K, key: string): Entities[K] | undefined {
    return (this.entities[kind].get(key) as Entities[K] | undefined) ?? this.under?.entity(kind, key);
  }
  entityIdTaken(kind: EntityKind, id: number) {
    return this.ids[kind].has(id) || this.under?.entityIdTaken(kind, id) === true;
  }
  entitySlugTaken(kind: EntityKind, slug: string) {
    return this.entitySlugs[kind].has(slug) || this.under?.entitySlugTaken(kind, slug) === true;
  }
  sectionOwner(path: string) {
    return firstByPath(this.sections.get(path), this.under?.sectionOwner(path));
  }
  profileOwner(slug: string) {
    return this.profiles.get(slug) ?? this.under?.profileOwner(slug);
  }
  linkOwner(key: string) {
    return firstByPath(this.links.get(key), this.under?.linkOwner(key));
  }
  slugInUse(slug: string) {
    return this.recordSlugs.has(slug) || this.paths.has(routes.news(slug)) || this.under?.slugInUse(slug) === true;
  }
  offeringEntry(nameOrSlug: string) {
    return this.offerings.get(nameOrSlug.toLowerCase()) ?? this.offerings.get(nameOrSlug) ?? this.under?.offeringEntry(nameOrSlug);
  }
  maxRecordId() {
    return Math.max(this.maxId, this.under?.maxRecordId() ?? 0);
  }

  // What the rules decide (rules.ts), noted as they decide it.

  /** A named thing made, or what is known of it changed. */
  putEntity<K extends EntityKind>(kind: K, key: string, entity: Entities[K]): void {
    (this.entities[kind] as Map<string, Entities[K]>).set(key, entity);
    this.ids[kind].add(entity.id);
    this.entitySlugs[kind].add(entity.slug);
  }
  /** An item admitted: its slug and old addresses are taken, the sections of its trail named. */
  admitted(item: { id: number; file: string; slug: string; aliases: string[]; sections: string[]; date: number; title: string; linkKey: string }): void {
    if (!this.slugs.has(item.slug)) this.slugs.set(item.slug, item.file);
    if (!this.items.has(item.file)) this.items.set(item.file, { id: item.id, date: item.date, title: item.title, linkKey: item.linkKey });
    this.newsIds.add(item.id);
    for (const a of item.aliases) this.paths.set(a, item.file);
    for (const path of item.sections) if (!this.sections.has(path)) this.sections.set(path, item.file);
  }
  /** An offering record admitted: its offering's profile and old addresses are its own. */
  profiled(profile: { file: string; slug: string; aliases: string[] }): void {
    this.profiles.set(profile.slug, profile.file);
    for (const a of profile.aliases) this.paths.set(a, profile.file);
  }
  /** A valid record, published or draft: what new records are checked against (lib/curation). */
  noted(r: NotedRecord): void {
    const key = r.linkKey;
    if (!this.links.has(key)) this.links.set(key, r.file);
    this.recordSlugs.add(r.slug);
    if (r.recordId !== null) this.maxId = Math.max(this.maxId, r.recordId);
    for (const o of r.offerings) {
      // The first record to name an offering (by label in any case, or slug) describes it.
      const label = o.label.toLowerCase();
      const byLabel = !this.offerings.has(label);
      const bySlug = !this.offerings.has(o.slug);
      if (!byLabel && !bySlug) continue;
      const entry: OfferingEntry = { label: o.label, permalink: offeringPermalink(o.slug), categories: o.topics.map((t) => t.name), ...(o.offeringId !== null ? { offeringId: o.offeringId } : {}) };
      if (byLabel) this.offerings.set(label, entry);
      if (bySlug) this.offerings.set(o.slug, entry);
    }
  }

  /** Everything the records named since this view began (the store's own not included). */
  tables(): { [K in EntityKind]: Entities[K][] } {
    return {
      topic: [...this.entities.topic.values()],
      offering: [...this.entities.offering.values()],
      source: [...this.entities.source.values()],
      author: [...this.entities.author.values()],
      tag: [...this.entities.tag.values()],
      section: [...this.entities.section.values()],
    };
  }

  /** Items admitted since this view began. */
  get newsCount(): number {
    return this.newsIds.size;
  }
}
