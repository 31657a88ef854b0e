import { offeringPermalink } from '../content/schema';
import { routes } from '../urls/pages';
import type { CatalogView, Entities, EntityKind, NotedRecord, OfferingEntry, OfferingProfile } from './view';

/**
 * The other records as they are read, one after another (the full ingest reads files
 * in path order, so "the first record wins" is the same on every run).
 */
export class MemoryView implements CatalogView {
  private readonly slugs = new Map<string, string>();
  private readonly paths = new Map<string, string>();
  private readonly newsIds = new Set<number>();
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
  private readonly profiles = new Map<string, OfferingProfile>();
  private maxId = 0;

  slugOwner(slug: string) {
    return this.slugs.get(slug);
  }
  pathOwner(path: string) {
    return this.paths.get(path);
  }
  newsIdTaken(id: number) {
    return this.newsIds.has(id);
  }
  entity<K extends EntityKind>(kind: K, key: string): Entities[K] | undefined {
    return this.entities[kind].get(key) as Entities[K] | undefined;
  }
  putEntity<K extends EntityKind>(kind: K, key: string, entity: Entities[K]): void {
    (this.entities[kind] as Map<string, Entities[K]>).set(key, entity);
    this.ids[kind].add(entity.id);
    this.entitySlugs[kind].add(entity.slug);
  }
  entityIdTaken(kind: EntityKind, id: number) {
    return this.ids[kind].has(id);
  }
  entitySlugTaken(kind: EntityKind, slug: string) {
    return this.entitySlugs[kind].has(slug);
  }
  admitted(item: { id: number; file: string; slug: string; aliases: string[]; sections: string[] }): void {
    this.slugs.set(item.slug, item.file);
    this.newsIds.add(item.id);
    for (const a of item.aliases) this.paths.set(a, item.file);
    for (const path of item.sections) if (!this.sections.has(path)) this.sections.set(path, item.file);
  }
  sectionOwner(path: string) {
    return this.sections.get(path);
  }

  profileOwner(slug: string) {
    return this.profiles.get(slug)?.file;
  }
  putProfile(profile: OfferingProfile): void {
    this.profiles.set(profile.slug, profile);
    for (const a of profile.aliases) this.paths.set(a, profile.file);
  }

  noted(r: NotedRecord): void {
    const key = r.linkKey;
    if (!this.links.has(key)) this.links.set(key, r.file);
    this.recordSlugs.add(r.slug);
    if (r.recordId !== null) this.maxId = Math.max(this.maxId, r.recordId);
    for (const o of r.offerings) {
      const entry: OfferingEntry = { label: o.label, permalink: offeringPermalink(o.slug), categories: o.topics.map((t) => t.name), ...(o.offeringId !== null ? { offeringId: o.offeringId } : {}) };
      if (!this.offerings.has(o.label.toLowerCase())) this.offerings.set(o.label.toLowerCase(), entry);
      if (!this.offerings.has(o.slug)) this.offerings.set(o.slug, entry);
    }
  }
  linkOwner(key: string) {
    return this.links.get(key);
  }
  slugInUse(slug: string) {
    return this.recordSlugs.has(slug) || this.paths.has(routes.news(slug));
  }
  offeringEntry(nameOrSlug: string) {
    return this.offerings.get(nameOrSlug.toLowerCase()) ?? this.offerings.get(nameOrSlug);
  }
  maxRecordId() {
    return this.maxId;
  }

  /** The offering records' profiles, for the store. */
  profileList(): OfferingProfile[] {
    return [...this.profiles.values()];
  }

  /** Everything the records named, for the store's shared tables. */
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

  get newsCount(): number {
    return this.newsIds.size;
  }
}
