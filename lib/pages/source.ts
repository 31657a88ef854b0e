import { cache } from 'react';
import { store } from '../store/connection';
import { listing, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface SourcePage {
  source: { slug: string; brand: string; newsCount: number };
  items: NewsSummary[];
  paging: Paging;
}

/** `/source/<brand>`: everything curated from one publisher, newest first. */
async function readSourcePage(brand: string, pageParam: string | string[] | undefined): Promise<SourcePage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.source.findUnique({ where: { brand } }),
    (source, window) => db.newsItem.findMany({ where: { sourceId: source.id }, select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], ...window }),
  );
  return found && { source: found.owner, items: found.rows, paging: found.paging };
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const sourcePage = cache(readSourcePage);
