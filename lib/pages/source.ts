import { cache } from 'react';
import { store } from '../store/connection';
import { newsListing, type PageParam } from './paging';
import { newsSummarySelect } from './summary';

/** `/source/<brand>`: everything curated from one publisher, newest first (deduplicated per request). */
export const sourcePage = cache((brand: string, pageParam: PageParam) =>
  newsListing(
    pageParam,
    () => store().source.findUnique({ where: { brand } }),
    (source, window) => store().newsItem.findMany({ where: { sourceId: source.id }, select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], ...window }),
  ),
);
