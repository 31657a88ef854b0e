import type { Prisma } from '../generated/prisma/client';
import type { ItemKind } from '../content/kinds';
import { store } from '../store/connection';
import { KIND_PARAM_VALUES, type KindParam } from '../urls/pages';

/**
 * Browsing by kind: a listing narrowed to one kind of item (`/news?kind=video`), with
 * how many of each kind it holds, as plain links. Addresses name kinds as readers do
 * (`news`); the store names them as the content does (`article`).
 */
const ITEM_KIND: Record<KindParam, ItemKind> = {
  news: 'article',
  video: 'video',
  event: 'event',
  feed: 'feed',
  post: 'post',
  infographic: 'infographic',
  report: 'report',
  offering: 'offering',
};

/** A query parameter's value as Next.js gives it. */
type QueryValue = string | string[] | undefined;

const PARAM_OF = new Map(Object.entries(ITEM_KIND).map(([param, kind]) => [kind as string, param as KindParam]));

/**
 * The kind `?kind=` asks for: `{ kind: null }` when absent (every kind), null when it
 * names no kind (the page answers 404, so made-up values cannot each render a page).
 */
export function kindParam(value: QueryValue): { kind: KindParam | null } | null {
  if (value === undefined) return { kind: null };
  if (Array.isArray(value) || !(KIND_PARAM_VALUES as readonly string[]).includes(value)) return null;
  return { kind: value as KindParam };
}

/** The store's kind for an address's (`news` → `article`). */
export function itemKind(param: KindParam): ItemKind {
  return ITEM_KIND[param];
}

export interface KindChoice {
  kind: KindParam;
  count: number;
}

/** What a listing holds, by kind: the choices a reader has, and which is chosen (null: all). */
export interface KindFilter {
  current: KindParam | null;
  /** Every kind the listing has an item of, in the order of KIND_PARAM_VALUES. */
  choices: KindChoice[];
  /** Items of every kind. */
  total: number;
}

/** A filter from counts by the store's kind; null when `current` names a kind the listing has none of (404). */
export function kindFilter(counts: { kind: string; count: number }[], current: KindParam | null): KindFilter | null {
  const byParam = new Map<KindParam, number>();
  for (const { kind, count } of counts) {
    const param = PARAM_OF.get(kind);
    if (param && count > 0) byParam.set(param, (byParam.get(param) ?? 0) + count);
  }
  if (current && !byParam.has(current)) return null;
  return {
    current,
    choices: KIND_PARAM_VALUES.filter((k) => byParam.has(k)).map((kind) => ({ kind, count: byParam.get(kind)! })),
    total: [...byParam.values()].reduce((a, b) => a + b, 0),
  };
}

/** Counts by kind of the items `where` selects: one GROUP BY over NewsItem(kind). */
export async function kindCounts(where: Prisma.NewsItemWhereInput): Promise<{ kind: string; count: number }[]> {
  const groups = await store().newsItem.groupBy({ by: ['kind'], where, _count: { _all: true } });
  return groups.map((g) => ({ kind: g.kind, count: g._count._all }));
}

/** The kind filter of the items `where` selects, as `?kind=` narrows it; null: the value names no kind the items have (404). */
export async function narrowByKind(kindValue: QueryValue, where: Prisma.NewsItemWhereInput): Promise<KindFilter | null> {
  const asked = kindParam(kindValue);
  return asked && kindFilter(await kindCounts(where), asked.kind);
}

/** How many items a filter's listing shows: the chosen kind's, or all. */
export function filteredTotal(filter: KindFilter): number {
  return filter.current ? (filter.choices.find((c) => c.kind === filter.current)?.count ?? 0) : filter.total;
}
