import { store } from '../store/read';
import { pageNumber, paging, PAGE_SIZE, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface SourcePage {
  source: { slug: string; brand: string; newsCount: number };
  items: NewsSummary[];
  paging: Paging;
}

/** `/source/<brand>`: everything curated from one publisher, newest first. */
export async function sourcePage(brand: string, pageParam: string | string[] | undefined): Promise<SourcePage | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const db = store();
  const source = await db.source.findUnique({ where: { brand } });
  if (!source) return null;
  const p = paging(page, source.newsCount);
  if (!p) return null;
  const items = await db.newsItem.findMany({
    where: { sourceId: source.id },
    select: newsSummarySelect,
    orderBy: [{ date: 'desc' }, { id: 'asc' }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
  });
  return { source, items, paging: p };
}
