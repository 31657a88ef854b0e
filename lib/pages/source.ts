import { store } from '../store/read';
import { listing, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface SourcePage {
  source: { slug: string; brand: string; newsCount: number };
  items: NewsSummary[];
  paging: Paging;
}

/** `/source/<brand>`: everything curated from one publisher, newest first. */
export async function sourcePage(brand: string, pageParam: string | string[] | undefined): Promise<SourcePage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.source.findUnique({ where: { brand } }),
    (source, window) => db.newsItem.findMany({ where: { sourceId: source.id }, select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], ...window }),
  );
  return found && { source: found.owner, items: found.rows, paging: found.paging };
}
