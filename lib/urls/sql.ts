import { pathPrefix } from './pages';

/** Pages whose key is a slug: a safe path segment (lib/content/slug.ts), put in a path as it is, so SQL can build the path too. */
export type SlugPageKind = 'news' | 'collection' | 'topic' | 'offering' | 'tag';

/**
 * A page's path as an SQL expression over a slug column or parameter
 * (`pathSql('news', 'n.slug')` → `'/news/' || n.slug`), for queries that give or compare
 * addresses: the same address `routes` builds, from the same table (pages.ts). A source's
 * page escapes its brand, which SQL cannot do, so it has none.
 */
export function pathSql(kind: SlugPageKind, slug: string): string {
  return `'${pathPrefix(kind).replace(/'/g, "''")}' || ${slug}`;
}
