import { cache } from 'react';
import { store } from '../store/connection';
import { imagesByPath, pageImage } from './images';
import { narrowByKind } from './kinds';
import { LISTING_TOPICS, newsListing, type PageParam } from './paging';
import { newsSummarySelect } from './summary';
import { sourceTopics } from '../store/queries/listing-topics';

/**
 * `/source/<brand>`: everything curated from one publisher, newest first; a feed's items
 * under the feed's name, site and icon (deduplicated per request).
 */
export const sourcePage = cache(async (brand: string, pageParam: PageParam, kindValue?: PageParam) => {
  const found = await newsListing(
    pageParam,
    () => store().source.findUnique({ where: { brand } }),
    (source, window, kind) => store().newsItem.findMany({ where: { sourceId: source.id, ...(kind ? { kind } : {}) }, select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], ...window }),
    (source) => narrowByKind(kindValue, { sourceId: source.id }),
  );
  if (!found) return null;
  const icon = pageImage(await imagesByPath([found.owner.iconHref]), found.owner.iconHref, '', 32);
  return { ...found, icon, topics: sourceTopics(found.owner.id, LISTING_TOPICS) };
});
