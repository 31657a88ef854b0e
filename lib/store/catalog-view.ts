import type Database from 'better-sqlite3';
import { offeringPermalink } from '../content/schema';
import { pathSql } from '../urls/sql';
import type { CatalogView, Entities, EntityKind, NamedEntity, OfferingEntity, OfferingEntry, PublishedItem, SourceEntity, TopicEntity } from '../catalog/view';
import type { Row } from './tables';

const TABLES: Record<EntityKind, string> = { topic: 'Topic', offering: 'Offering', source: 'Source', author: 'Author', tag: 'Tag', section: 'Section' };
/** A section's address is its slug. */
const SLUG_COLUMNS: Partial<Record<EntityKind, string>> = { section: 'path' };

/**
 * The other records as the store holds them: the catalog's rules (lib/catalog/rules.ts)
 * asked of the served store, for the in-place update (whose writer, update.ts, puts what
 * the rules decide through the same connection inside its transaction, so this view
 * answers with it at once) and for checks of a new record (lib/curation). It only reads.
 */
export class StoreView implements CatalogView {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  slugOwner(slug: string): string | undefined {
    return this.sql('SELECT sourcePath FROM NewsItem WHERE slug = ?').pluck().get(slug) as string | undefined;
  }

  pathOwner(path: string): string | undefined {
    return (this.sql('SELECT n.sourcePath FROM Alias a JOIN NewsItem n ON n.id = a.newsId WHERE a.path = ?').pluck().get(path) ??
      this.sql('SELECT o.profilePath FROM OfferingAlias a JOIN Offering o ON o.id = a.offeringId WHERE a.path = ?').pluck().get(path)) as string | undefined;
  }

  profileOwner(slug: string): string | undefined {
    return (this.sql('SELECT profilePath FROM Offering WHERE slug = ?').pluck().get(slug) as string | null | undefined) ?? undefined;
  }

  publishedItem(file: string): PublishedItem | undefined {
    return this.sql('SELECT n.id, n.date, n.title, f.linkKey FROM NewsItem n JOIN SourceFile f ON f.path = n.sourcePath WHERE n.sourcePath = ?').get(file) as PublishedItem | undefined;
  }

  newsIdTaken(id: number): boolean {
    return this.sql('SELECT 1 FROM NewsItem WHERE id = ?').get(id) !== undefined;
  }

  entity<K extends EntityKind>(kind: K, key: string): Entities[K] | undefined {
    switch (kind) {
      case 'topic': {
        const row = this.sql('SELECT id, slug, name, collection, label, description, parentId, fromTaxonomy FROM Topic WHERE name = ?').get(key) as
          | Pick<Row<'Topic'>, 'id' | 'slug' | 'name' | 'collection' | 'label' | 'description' | 'parentId' | 'fromTaxonomy'>
          | undefined;
        if (!row) return undefined;
        const equivalentIds = this.sql('SELECT equivalentId FROM TopicEquivalent WHERE topicId = ?').pluck().all(row.id) as number[];
        return { ...row, fromTaxonomy: row.fromTaxonomy === 1, equivalentIds } satisfies TopicEntity as Entities[K];
      }
      case 'offering':
        return this.sql('SELECT id, slug, label, medigyOfferingId FROM Offering WHERE slug = ?').get(key) as OfferingEntity | undefined as Entities[K] | undefined;
      case 'source':
        return this.sql('SELECT id, slug, brand, title, siteUrl, feedUrl, iconHref FROM Source WHERE brand = ?').get(key) as SourceEntity | undefined as Entities[K] | undefined;
      case 'author':
        return this.sql('SELECT id, slug, name FROM Author WHERE name = ?').get(key) as NamedEntity | undefined as Entities[K] | undefined;
      case 'section':
        return this.sql('SELECT id, path AS slug, label AS name FROM Section WHERE path = ?').get(key) as NamedEntity | undefined as Entities[K] | undefined;
      default:
        return this.sql('SELECT id, slug, name FROM Tag WHERE lower(name) = ?').get(key) as NamedEntity | undefined as Entities[K] | undefined;
    }
  }

  entityIdTaken(kind: EntityKind, id: number): boolean {
    return this.sql(`SELECT 1 FROM ${TABLES[kind]} WHERE id = ?`).get(id) !== undefined;
  }

  entitySlugTaken(kind: EntityKind, slug: string): boolean {
    return this.sql(`SELECT 1 FROM ${TABLES[kind]} WHERE ${SLUG_COLUMNS[kind] ?? 'slug'} = ?`).get(slug) !== undefined;
  }

  sectionOwner(path: string): string | undefined {
    return this.sql('SELECT n.sourcePath FROM Section s JOIN NewsSection ns ON ns.sectionId = s.id JOIN NewsItem n ON n.id = ns.newsId WHERE s.path = ? ORDER BY n.sourcePath LIMIT 1')
      .pluck()
      .get(path) as string | undefined;
  }

  linkOwner(key: string): string | undefined {
    return this.sql('SELECT path FROM SourceFile WHERE linkKey = ? ORDER BY path LIMIT 1').pluck().get(key) as string | undefined;
  }

  slugInUse(slug: string): boolean {
    return this.sql(`SELECT 1 FROM SourceFile WHERE slug = ? AND kind = 'news' UNION ALL SELECT 1 FROM Alias WHERE path = ${pathSql('news', '?')} LIMIT 1`).get(slug, slug) !== undefined;
  }

  offeringEntry(nameOrSlug: string): OfferingEntry | undefined {
    const o = this.sql('SELECT id, label, slug, medigyOfferingId FROM Offering WHERE lower(label) = lower(?) OR slug = ? LIMIT 1').get(nameOrSlug, nameOrSlug) as
      | Pick<Row<'Offering'>, 'id' | 'label' | 'slug' | 'medigyOfferingId'>
      | undefined;
    if (!o) return undefined;
    const categories = this.sql('SELECT t.name FROM OfferingTopic ot JOIN Topic t ON t.id = ot.topicId WHERE ot.offeringId = ? ORDER BY t.name').pluck().all(o.id) as string[];
    return { label: o.label, permalink: offeringPermalink(o.slug), categories, ...(o.medigyOfferingId !== null ? { offeringId: o.medigyOfferingId } : {}) };
  }

  maxRecordId(): number {
    return (this.sql('SELECT max(recordId) FROM SourceFile').pluck().get() as number | null) ?? 0;
  }
}
