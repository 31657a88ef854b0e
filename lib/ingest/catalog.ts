import type { RecordProblem } from '../content/problems';
import type { TopicRef } from '../content/schema';
import type { TaxonomyTopic } from '../taxonomy/format';
import { brandSlug, slugify } from '../content/slug';
import type { NamedRow, NewsLinks, NewsRow, OfferingRow, SearchText, SourceRow, TopicRow } from '../store/write';
import type { PreparedRecord } from './prepare';
import type { RelatedInput } from './related';

/**
 * What the records say together: one id per topic, offering, source, author and tag,
 * counts for listing pages, and the rules that span records (one slug, one alias per
 * item). Fed records in file order, so "the first record wins" is deterministic.
 */
export class Catalog {
  private readonly slugOwners = new Map<string, string>();
  private readonly pathOwners = new Map<string, string>();
  private readonly topics = new Map<string, TopicRow>();
  private readonly topicSlugs = new Map<string, string>();
  private readonly offerings = new Map<string, OfferingRow & { topicSet: Set<number> }>();
  private readonly sources = new Map<string, SourceRow>();
  private readonly sourceSlugs = new Set<string>();
  private readonly authors = new Registry();
  private readonly tags = new Registry();
  private readonly tagCounts = new Map<number, number>();
  readonly relatedInputs: RelatedInput[] = [];
  private nextNewsId = 1;

  /**
   * Topics of the taxonomy file, registered before any record: they exist (with their
   * description, parent and equivalents) even when no record uses them yet.
   */
  addTaxonomy(topics: TaxonomyTopic[]): void {
    for (const t of topics) {
      const row = this.topic(t.topic, false);
      row.description = t.description;
      row.fromTaxonomy = true;
    }
    for (const t of topics) {
      const row = this.topic(t.topic, false);
      row.parentId = t.parent ? this.topic(t.parent, false).id : null;
      row.equivalentIds = t.equivalents.map((e) => this.topic(e, false).id).filter((id) => id !== row.id);
    }
  }

  /** Problems that only show across records; empty when the record can be stored. */
  check(r: PreparedRecord): RecordProblem[] {
    const problems: RecordProblem[] = [];
    const owner = this.slugOwners.get(r.slug);
    if (owner) {
      problems.push({ file: r.file, field: 'slug', message: `"${r.slug}" is already the slug of ${owner}; each record needs its own slug` });
    }
    const own = `/news/${r.slug}`;
    r.aliases.forEach((alias, i) => {
      const claimed = alias === own ? undefined : this.pathOwners.get(alias) ?? (alias.startsWith('/news/') ? this.slugOwners.get(alias.slice(6)) : undefined);
      if (claimed) problems.push({ file: r.file, field: `aliases[${i}]`, message: `"${alias}" already leads to ${claimed}; an old address can lead to one item only` });
    });
    const claimedPath = this.pathOwners.get(own);
    if (!owner && claimedPath) {
      problems.push({ file: r.file, field: 'slug', message: `"${own}" is already an alias of ${claimedPath}; pick another slug or remove that alias` });
    }
    return problems;
  }

  /** Registers a checked record and returns its rows for the store. */
  add(r: PreparedRecord): { row: NewsRow; links: NewsLinks } {
    const id = this.nextNewsId++;
    this.slugOwners.set(r.slug, r.file);
    const own = `/news/${r.slug}`;
    const aliases = r.aliases.filter((a) => a !== own);
    for (const a of aliases) this.pathOwners.set(a, r.file);

    const topicIds = r.topics.map((t) => this.topic(t, true).id);
    const offeringTopics = new Map<string, [number, number]>();
    const offeringIds = r.offerings.map((o) => {
      let off = this.offerings.get(o.slug);
      if (!off) {
        off = { id: this.offerings.size + 1, slug: o.slug, label: o.label, offeringId: o.offeringId, newsCount: 0, topicIds: [], topicSet: new Set() };
        this.offerings.set(o.slug, off);
      }
      off.newsCount++;
      if (off.offeringId === null && o.offeringId !== null) off.offeringId = o.offeringId;
      for (const t of o.topics) {
        const topicId = this.topic(t, false).id;
        off.topicSet.add(topicId);
        offeringTopics.set(`${off.id}:${topicId}`, [off.id, topicId]);
      }
      return off.id;
    });

    let source = this.sources.get(r.brand);
    if (!source) {
      source = { id: this.sources.size + 1, slug: uniqueSlug(brandSlug(r.brand) || 'source', this.sourceSlugs), brand: r.brand, newsCount: 0 };
      this.sources.set(r.brand, source);
    }
    source.newsCount++;

    const authorIds = r.authors.map((name) => this.authors.get(name, name).id);
    // Tags differ only in case across records ("News", "news"): one tag, first spelling.
    const tagIds = [...new Set(r.tags.map((name) => this.tags.get(name.toLowerCase(), name).id))];
    for (const id of tagIds) this.tagCounts.set(id, (this.tagCounts.get(id) ?? 0) + 1);

    this.relatedInputs.push({ id, date: r.date, topicIds });
    return {
      row: newsRow(r, id, source.id),
      links: { topicIds: [...new Set(topicIds)], offeringIds: [...new Set(offeringIds)], offeringTopics: [...offeringTopics.values()], authorIds: [...new Set(authorIds)], tagIds, aliases },
    };
  }

  get newsCount(): number {
    return this.nextNewsId - 1;
  }

  tables() {
    return {
      topics: [...this.topics.values()],
      offerings: [...this.offerings.values()].map(({ topicSet, ...o }) => ({ ...o, topicIds: [...topicSet] })),
      sources: [...this.sources.values()],
      authors: this.authors.rows(),
      tags: this.tags.rows().map((t) => ({ ...t, newsCount: this.tagCounts.get(t.id) ?? 0 })),
    };
  }

  private topic(t: TopicRef, countsNews: boolean): TopicRow {
    let row = this.topics.get(t.name);
    if (!row) {
      // Two names can slugify alike ("A & B" / "A B"): the later one gets a suffix.
      const slug = this.topicSlugs.has(t.slug) ? uniqueSlug(t.slug, new Set(this.topicSlugs.keys())) : t.slug;
      row = { id: this.topics.size + 1, slug, name: t.name, collection: t.collection, label: t.label, newsCount: 0, description: null, parentId: null, equivalentIds: [], fromTaxonomy: false };
      this.topics.set(t.name, row);
      this.topicSlugs.set(slug, t.name);
    }
    if (countsNews) row.newsCount++;
    return row;
  }
}

/** The store row of a checked record. */
export function newsRow(r: PreparedRecord, id: number, sourceId: number): NewsRow {
  const img = r.featuredImage;
  return {
    id,
    slug: r.slug,
    recordId: r.recordId,
    title: r.title,
    description: r.description,
    bodyHtml: r.bodyHtml,
    date: r.date,
    lastMod: r.lastMod,
    url: r.url,
    originalUrl: r.originalUrl,
    sourceId,
    featuredImageHref: img?.href ?? null,
    featuredImageAlt: img?.alt ?? null,
    featuredImageWidth: img?.width ?? null,
    featuredImageHeight: img?.height ?? null,
    breadcrumbs: r.breadcrumbsJson,
    socialMeta: r.socialMetaJson,
    extra: r.extraJson,
    status: r.status,
    sourcePath: r.file,
  };
}

/** What the search index holds of a record. */
export function searchText(r: PreparedRecord): SearchText {
  return {
    title: r.title,
    description: r.description ?? '',
    body: r.bodyText,
    topics: r.topics.map((t) => t.name).join(' | '),
    source: r.brand,
    offerings: r.offerings.map((o) => o.label).join(' | '),
  };
}

/** Named things (authors, tags) with an id and a unique slug each. */
class Registry {
  private readonly byKey = new Map<string, NamedRow>();
  private readonly slugs = new Set<string>();

  get(key: string, name: string): NamedRow {
    let row = this.byKey.get(key);
    if (!row) {
      row = { id: this.byKey.size + 1, slug: uniqueSlug(slugify(name) || 'untitled', this.slugs), name };
      this.byKey.set(key, row);
    }
    return row;
  }

  rows(): NamedRow[] {
    return [...this.byKey.values()];
  }
}

function uniqueSlug(base: string, taken: Set<string>): string {
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
