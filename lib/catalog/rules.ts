import type { PreparedOffering, PreparedRecord } from '../content/prepare';
import { diagnostic, type Diagnostic } from '../content/problems';
import { addressKind } from '../urls/addresses';
import { pageAt, routes } from '../urls/pages';
import type { Breadcrumb, TopicRef } from '../content/schema';
import { brandSlug, slugify } from '../content/slug';
import type { TaxonomyTopic } from '../taxonomy/format';
import { entityId, newsId, uniqueSlug } from './ids';
import { MemoryView } from './memory';
import type { CatalogView, Entities, EntityKind, Named, NotedRecord, PublishedItem, TopicEntity } from './view';

/** What the rules need of a record. */
export type CatalogRecord = Pick<PreparedRecord, 'file' | 'slug' | 'title' | 'linkKey' | 'ownArticle' | 'date' | 'aliases' | 'topics' | 'offerings' | 'brand' | 'authors' | 'tags'> &
  Partial<Pick<PreparedRecord, 'feed' | 'breadcrumbs' | 'sectionPaths'>>;

/** An admitted item: its id and the ids of everything it names, for the store. */
export interface AdmittedNews {
  id: number;
  sourceId: number;
  topicIds: number[];
  offeringIds: number[];
  /** [offeringId, topicId]: the topics this item's record gives its offerings. */
  offeringTopics: [number, number][];
  authorIds: number[];
  tagIds: number[];
  /** Old addresses that redirect to the item (its own address left out). */
  aliases: string[];
  /** The sections its trail passes through, in trail order: what this record calls each, and the section before it. */
  sections: SectionStep[];
  /** Named things this admission made or changed (a new topic, an offering given Medigy's id): the store takes them with the item. */
  named: Named[];
}

export interface SectionStep {
  id: number;
  label: string;
  parentId: number | null;
}

/** An admitted offering record: its offering's id (the store's), and what its profile lists. */
export interface AdmittedOffering {
  offeringId: number;
  topicIds: number[];
  aliases: string[];
  /** Named things this admission made or changed (its offering, new topics). */
  named: Named[];
}

/** The addresses of the sections a trail passes through. */
export function sectionPaths(trail: Breadcrumb[] | undefined): string[] {
  return [...new Set((trail ?? []).flatMap((s) => (s.href !== null && addressKind(s.href) === 'section' ? [s.href] : [])))];
}

/** The slug an item's address names (`/news/<slug>`), when it is one. */
function newsSlugIn(path: string): string | undefined {
  const page = pageAt(path);
  return page?.kind === 'news' ? page.key! : undefined;
}

/**
 * The rules that span records, in one place for every path a record takes to the
 * store (full ingest, incremental ingest) or into content/ (curate, the web editor):
 * one slug and one old address per item, ids, slugs of named things, and how an
 * item's names become links. "The other records" are whatever `view` says, and what
 * these rules decided since (`known`: in memory; a view is only read). What an admission
 * made or changed is in what it returns (`named`), for the store's writer.
 */
export class Catalog {
  /** The other records: `view`, and what was decided since. */
  readonly known: MemoryView;
  /** Named things made or changed by the admission under way. */
  private changes: Named[] = [];

  constructor(readonly view: CatalogView) {
    this.known = view instanceof MemoryView ? view : new MemoryView(view);
  }

  /** A valid record, published or draft, among the others (what new records are checked against). */
  note(record: NotedRecord): void {
    this.known.noted(record);
  }

  /**
   * Topics of the taxonomy file, registered before any record: they exist (with their
   * description, parent and equivalents) even when no record uses them yet.
   */
  addTaxonomy(topics: TaxonomyTopic[]): Named[] {
    this.changes = [];
    // Every topic first, so that parents and equivalents have their ids.
    for (const t of topics) this.topic(t.topic);
    for (const t of topics) {
      const row = this.topic(t.topic);
      this.put('topic', row.name, {
        ...row,
        description: t.description,
        fromTaxonomy: true,
        parentId: t.parent ? this.topic(t.parent).id : null,
        equivalentIds: t.equivalents.map((e) => this.topic(e).id).filter((id) => id !== row.id),
      });
    }
    return this.taken();
  }

  /**
   * The published item this record curates again, when it is the same article under the
   * same slug: Medigy's tree holds such pairs (two curators, one page on Medigy). The same
   * article is the same link, or, for records with no link of their own (their page is
   * their address), the same title once case and spaces are set aside. Anything else under
   * a taken slug is an editor's mistake (slug-taken).
   */
  sameArticle(r: Pick<CatalogRecord, 'file' | 'slug' | 'title' | 'linkKey' | 'ownArticle'>): { file: string; item: PublishedItem } | undefined {
    const owner = this.known.slugOwner(r.slug);
    if (owner === undefined || owner === r.file) return undefined;
    const item = this.known.publishedItem(owner);
    if (!item) return undefined;
    const fold = (title: string) => title.toLowerCase().replace(/\s+/g, ' ').trim();
    const same = item.linkKey === r.linkKey && (!r.ownArticle || fold(item.title) === fold(r.title));
    return same ? { file: owner, item } : undefined;
  }

  /**
   * Problems that only show against the other records; empty when the record can be stored.
   * `sameAs`: the file of the item this record curates again (sameArticle): what that file
   * holds is this record's own.
   */
  conflicts(r: Pick<CatalogRecord, 'file' | 'slug' | 'aliases' | 'breadcrumbs' | 'sectionPaths'>, sameAs?: string): Diagnostic[] {
    const problems: Diagnostic[] = [];
    const other = (owner: string | undefined) => (owner !== undefined && owner !== r.file && owner !== sameAs ? owner : undefined);
    const slugOwner = other(this.known.slugOwner(r.slug));
    if (slugOwner) problems.push(diagnostic('slug-taken', r.file, `"${r.slug}" is already the slug of ${slugOwner}; each record needs its own slug`, { field: 'slug' }));
    const own = routes.news(r.slug);
    r.aliases.forEach((alias, i) => {
      if (alias === own) return;
      const claimed = other(this.known.pathOwner(alias)) ?? (newsSlugIn(alias) !== undefined ? other(this.known.slugOwner(newsSlugIn(alias)!)) : undefined);
      if (claimed) problems.push(diagnostic('alias-taken', r.file, `"${alias}" already leads to ${claimed}; an old address can lead to one item only`, { field: `aliases[${i}]` }));
      const section = other(this.known.sectionOwner(alias.toLowerCase()));
      if (section) problems.push(diagnostic('address-conflict', r.file, `"${alias}" is a section page that the breadcrumbs of ${section} lead to; an old address cannot take it over`, { field: `aliases[${i}]` }));
    });
    for (const path of r.sectionPaths ?? sectionPaths(r.breadcrumbs)) {
      const owner = other(this.known.pathOwner(path));
      if (owner) problems.push(diagnostic('address-conflict', r.file, `"${path}" is an old address (aliases) of ${owner}, so it cannot be a section page too; change the breadcrumb or that alias`, { field: 'breadcrumbLinks' }));
    }
    const ownAsAlias = other(this.known.pathOwner(own));
    if (!slugOwner && ownAsAlias) problems.push(diagnostic('slug-taken', r.file, `"${own}" is already an alias of ${ownAsAlias}; pick another slug or remove that alias`, { field: 'slug' }));
    return problems;
  }

  /**
   * Admits a record that has no conflicts: its id, and the ids of what it names (made when
   * new). `into`: the item it curates again (sameArticle), whose id it takes; what it names
   * is added to that item's.
   */
  admit(r: CatalogRecord, into?: { file: string; item: PublishedItem }): AdmittedNews {
    this.changes = [];
    const id = into ? into.item.id : newsId(r.slug, r.date, (candidate) => this.known.newsIdTaken(candidate));
    const own = routes.news(r.slug);
    const aliases = [...new Set(r.aliases.filter((a) => a !== own))];

    const topicIds = [...new Set(r.topics.map((t) => this.topic(t).id))];
    const offeringTopics = new Map<string, [number, number]>();
    const offeringIds = [
      ...new Set(
        r.offerings.map((o) => {
          let offering = this.known.entity('offering', o.slug);
          if (!offering) offering = this.add('offering', o.slug, (entityIdFor) => ({ id: entityIdFor, slug: o.slug, label: o.label, medigyOfferingId: o.offeringId }));
          else if (offering.medigyOfferingId === null && o.offeringId !== null) {
            // The first record to give Medigy's id for the offering names it.
            offering = { ...offering, medigyOfferingId: o.offeringId };
            this.put('offering', o.slug, offering);
          }
          for (const t of o.topics) {
            const topicId = this.topic(t).id;
            offeringTopics.set(`${offering.id}:${topicId}`, [offering.id, topicId]);
          }
          return offering.id;
        }),
      ),
    ];
    let source =
      this.known.entity('source', r.brand) ??
      this.add('source', r.brand, (sid) => ({ id: sid, slug: this.slugFor('source', brandSlug(r.brand) || 'source'), brand: r.brand, title: null, siteUrl: null, feedUrl: null, iconHref: null }));
    if (r.feed && source.title === null && r.feed.title) {
      // A feed's items name their source: the first record that gives the feed's name, site and icon.
      source = { ...source, title: r.feed.title, siteUrl: r.feed.siteUrl, feedUrl: r.feed.feedUrl, iconHref: r.feed.icon?.href ?? null };
      this.put('source', r.brand, source);
    }
    const authorIds = [...new Set(r.authors.map((name) => this.named('author', name, name).id))];
    // Tags that differ only in case ("News", "news") are one tag, named by its first spelling.
    const tagIds = [...new Set(r.tags.map((name) => this.named('tag', name.toLowerCase(), name).id))];

    const paths = r.sectionPaths ?? sectionPaths(r.breadcrumbs);
    const sections = paths.length ? this.sections(r.breadcrumbs ?? [], new Set(paths)) : [];
    this.known.admitted({ id, file: into?.file ?? r.file, slug: r.slug, aliases, sections: paths, date: r.date, title: r.title, linkKey: r.linkKey });
    return { id, sourceId: source.id, topicIds, offeringIds, offeringTopics: [...offeringTopics.values()], authorIds, tagIds, aliases, sections, named: this.taken() };
  }

  /**
   * The sections of a trail (made when new): each step that leads to a section, with
   * the label this record gives it and the section just before it in the trail, if any.
   * A section's label and parent on its page are what most of its records say
   * (lib/store/derived.ts).
   */
  private sections(trail: Breadcrumb[], sectionPaths: ReadonlySet<string>): SectionStep[] {
    const steps: SectionStep[] = [];
    let previous: number | null = null;
    for (const step of trail) {
      if (step.href === null || !sectionPaths.has(step.href)) {
        previous = null;
        continue;
      }
      const path = step.href;
      const section = this.known.entity('section', path) ?? this.add('section', path, (id) => ({ id, slug: path, name: step.label }));
      if (!steps.some((s) => s.id === section.id)) steps.push({ id: section.id, label: step.label, parentId: previous });
      previous = section.id;
    }
    return steps;
  }

  /** Problems of an offering record that only show against the others: its slug, its old addresses. */
  offeringConflicts(o: Pick<PreparedOffering, 'file' | 'slug' | 'aliases'>): Diagnostic[] {
    const problems: Diagnostic[] = [];
    const other = (owner: string | undefined) => (owner !== undefined && owner !== o.file ? owner : undefined);
    const owner = other(this.known.profileOwner(o.slug));
    if (owner) problems.push(diagnostic('slug-taken', o.file, `"${o.slug}" is already the slug of the offering record ${owner}; each offering has one`, { field: 'slug' }));
    const own = routes.offering(o.slug);
    o.aliases.forEach((alias, i) => {
      if (alias === own) return;
      const claimed = other(this.known.pathOwner(alias)) ?? (newsSlugIn(alias) !== undefined ? other(this.known.slugOwner(newsSlugIn(alias)!)) : undefined);
      if (claimed) problems.push(diagnostic('alias-taken', o.file, `"${alias}" already leads to ${claimed}; an old address can lead to one page only`, { field: `aliases[${i}]` }));
    });
    return problems;
  }

  /** Admits an offering record without conflicts: its offering (made when new) gets its profile. */
  admitOffering(o: PreparedOffering): AdmittedOffering {
    this.changes = [];
    const existing = this.known.entity('offering', o.slug);
    // The record that describes an offering names it, whatever news records call it
    // (its Medigy id: the record's own id, unless a news record gave one first).
    const offering = existing
      ? { ...existing, label: o.name, medigyOfferingId: existing.medigyOfferingId ?? o.recordId }
      : this.add('offering', o.slug, (id) => ({ id, slug: o.slug, label: o.name, medigyOfferingId: o.recordId }));
    this.put('offering', o.slug, offering);
    const topicIds = [...new Set(o.topics.map((t) => this.topic(t).id))];
    const own = routes.offering(o.slug);
    const aliases = [...new Set(o.aliases.filter((a) => a !== own))];
    this.known.profiled({ file: o.file, slug: o.slug, aliases });
    return { offeringId: offering.id, topicIds, aliases, named: this.taken() };
  }

  private topic(t: TopicRef): TopicEntity {
    // Two names can slugify alike ("A & B" / "A B"): the later one gets a suffix.
    return (
      this.known.entity('topic', t.name) ??
      this.add('topic', t.name, (id) => ({
        id,
        slug: this.slugFor('topic', t.slug),
        name: t.name,
        collection: t.collection,
        label: t.label,
        description: null,
        parentId: null,
        equivalentIds: [],
        fromTaxonomy: false,
      }))
    );
  }

  private named(kind: 'author' | 'tag', key: string, name: string) {
    return this.known.entity(kind, key) ?? this.add(kind, key, (id) => ({ id, slug: this.slugFor(kind, slugify(name) || 'untitled'), name }));
  }

  private add<K extends EntityKind>(kind: K, key: string, make: (id: number) => Entities[K]): Entities[K] {
    const entity = make(entityId(kind, key, (id) => this.known.entityIdTaken(kind, id)));
    this.put(kind, key, entity);
    return entity;
  }

  /** Notes a named thing made or changed, for the rules that follow and for the store. */
  private put<K extends EntityKind>(kind: K, key: string, entity: Entities[K]): void {
    this.known.putEntity(kind, key, entity);
    this.changes.push({ kind, key, entity } as Named);
  }

  /** What the admission under way named, once each (the last state of each). */
  private taken(): Named[] {
    const last = new Map<string, Named>();
    for (const n of this.changes) last.set(`${n.kind}\0${n.key}`, n);
    this.changes = [];
    return [...last.values()];
  }

  private slugFor(kind: EntityKind, base: string): string {
    return uniqueSlug(base, (slug) => this.known.entitySlugTaken(kind, slug));
  }
}
