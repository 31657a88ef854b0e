import { cache } from 'react';
import type { Breadcrumb } from '../content/schema';
import type { VideoDetails } from '../content/video';
import { store } from '../store/connection';
import { itemLinks } from '../store/queries/links';
import { eventOf, eventState } from './events';
import { filteredTotal, itemKind, narrowByKind, type KindFilter } from './kinds';
import { pageNumber, paging, PAGE_SIZE, type PageParam, type Paging } from './paging';
import { imagesByPath, pageImage } from './images';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';
import { itemTrail } from './trail';

/** How many of its source's other items an item page lists. */
const MORE_FROM_SOURCE = 5;

async function readNewsItemPage(slug: string) {
  const item = await store().newsItem.findUnique({
    where: { slug },
    include: {
      source: true,
      // Five at most (lib/catalog/related.ts): the one list an include reads.
      related: { orderBy: { rank: 'asc' }, include: { related: { select: newsSummarySelect } } },
    },
  });
  if (!item) return null;
  // Topics, offerings, tags, authors: as many as the record names, joined in SQL.
  const links = itemLinks(item.id);
  const [images, fromSource] = await Promise.all([
    imagesByPath([item.featuredImageHref, item.source?.iconHref]),
    // One range of NewsItem(sourceId, date).
    item.sourceId === null
      ? []
      : store().newsItem.findMany({ where: { sourceId: item.sourceId, id: { not: item.id } }, select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], take: MORE_FROM_SOURCE }),
  ]);
  return {
    slug: item.slug,
    title: item.title,
    description: item.description,
    // Medigy's description is usually the body's opening, cut short: no need to say it twice.
    showDescription: item.description !== null && !bodyText(item.bodyHtml).startsWith(item.description.slice(0, 60)),
    bodyHtml: item.bodyHtml,
    date: item.date,
    lastMod: item.lastMod,
    url: item.url,
    source: item.source,
    kind: item.kind,
    /** An event's dates, place, status by the clock, recording; null for other kinds. */
    event: item.kind === 'event' ? eventState(eventOf(item), Date.now()) : null,
    /** The video the record names: the page shows a player that loads nothing from the provider before the reader asks. */
    video: item.video ? (JSON.parse(item.video) as VideoDetails) : null,
    image: pageImage(images, item.featuredImageHref, item.featuredImageAlt ?? '', 960),
    sourceIcon: pageImage(images, item.source?.iconHref, '', 32),
    trail: itemTrail(JSON.parse(item.breadcrumbs) as Breadcrumb[], item.title, links.sections),
    socialMeta: JSON.parse(item.socialMeta) as Record<string, string>,
    authors: links.authors,
    topics: links.topics,
    offerings: links.offerings,
    tags: links.tags,
    related: await newsCards(item.related.map((r) => r.related)),
    /** The source's newest other items. */
    moreFromSource: await newsCards(fromSource),
  };
}

export type NewsItemPage = NonNullable<Awaited<ReturnType<typeof newsItemPage>>>;

export interface NewsListPage {
  items: NewsSummary[];
  paging: Paging;
  kinds: KindFilter;
}

/** `/news`: every item (or every item of the kind asked for), newest first. Null when the page does not exist. */
async function readNewsListPage(pageParam: PageParam, kindValue: PageParam): Promise<NewsListPage | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const db = store();
  const kinds = await narrowByKind(kindValue, {});
  if (!kinds) return null;
  const p = paging(page, filteredTotal(kinds));
  if (!p) return null;
  const items = await db.newsItem.findMany({
    where: kinds.current ? { kind: itemKind(kinds.current) } : {},
    select: newsSummarySelect,
    orderBy: [{ date: 'desc' }, { id: 'asc' }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
  });
  return { items: await newsCards(items), paging: p, kinds };
}

function bodyText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s+/g, ' ').trim();
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const newsItemPage = cache(readNewsItemPage);

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const newsListPage = cache(readNewsListPage);
