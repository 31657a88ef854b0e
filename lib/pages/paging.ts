import type { ItemKind } from '../content/kinds';
import { filteredTotal, itemKind, type KindFilter } from './kinds';
import { newsCards, type NewsSummary, type SummaryRow } from './summary';

/** Items per page on every paginated listing. */
export const PAGE_SIZE = 20;

/** How many of its items' topics a listing's side column names. */
export const LISTING_TOPICS = 12;

export interface Paging {
  page: number;
  pageCount: number;
  total: number;
}

/**
 * The page number from `?page=`: absent means 1; anything but a plain positive
 * integer is not a page (the caller answers 404).
 */
export function pageNumber(value: string | string[] | undefined): number | null {
  if (value === undefined) return 1;
  if (Array.isArray(value) || !/^[1-9]\d{0,6}$/.test(value)) return null;
  return Number(value);
}

export function paging(page: number, total: number): Paging | null {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return page <= pageCount ? { page, pageCount, total } : null;
}

/** The window of a listing that `page` asks for. */
export interface PageWindow {
  skip: number;
  take: number;
}

/**
 * The steps every paginated listing (a topic, an offering, a source, a tag) shares:
 * read the page number, find what owns the list (null: no such page), narrow it to the
 * kind asked for when it can be (`narrow`: the owner's counts by kind; null: no such
 * kind), check the page is within the count, then fetch that page's rows (of that kind,
 * or of every kind when `kind` is null). Null means 404.
 */
export async function listing<Owner extends { newsCount: number }, Rows>(
  pageParam: string | string[] | undefined,
  findOwner: () => Promise<Owner | null>,
  fetchPage: (owner: Owner, window: PageWindow, kind: ItemKind | null) => Promise<Rows>,
  narrow?: (owner: Owner) => Promise<KindFilter | null>,
): Promise<{ owner: Owner; rows: Rows; paging: Paging; kinds: KindFilter | null } | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const owner = await findOwner();
  if (!owner) return null;
  const kinds = narrow ? await narrow(owner) : null;
  if (narrow && !kinds) return null;
  const p = paging(page, kinds ? filteredTotal(kinds) : owner.newsCount);
  if (!p) return null;
  const kind = kinds?.current ? itemKind(kinds.current) : null;
  return { owner, rows: await fetchPage(owner, { skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }, kind), paging: p, kinds };
}

export type PageParam = string | string[] | undefined;

/** A listing page of news items: what owns the list, the page's items, where the page is, its kinds. */
export interface NewsListing<Owner> {
  owner: Owner;
  items: NewsSummary[];
  paging: Paging;
  kinds: KindFilter | null;
}

/** `listing` for owners whose rows are just the page's items (a source, a tag). */
export async function newsListing<Owner extends { newsCount: number }>(
  pageParam: PageParam,
  findOwner: () => Promise<Owner | null>,
  fetchItems: (owner: Owner, window: PageWindow, kind: ItemKind | null) => Promise<SummaryRow[]>,
  narrow?: (owner: Owner) => Promise<KindFilter | null>,
): Promise<NewsListing<Owner> | null> {
  const found = await listing(pageParam, findOwner, fetchItems, narrow);
  return found && { owner: found.owner, items: await newsCards(found.rows), paging: found.paging, kinds: found.kinds };
}
