import { store } from '../store/read';
import { pageNumber, paging, PAGE_SIZE, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface TagPage {
  tag: { slug: string; name: string; newsCount: number };
  items: NewsSummary[];
  paging: Paging;
}

/** `/tag/<slug>`: the items an editor tagged so, newest first. */
export async function tagPage(slug: string, pageParam: string | string[] | undefined): Promise<TagPage | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const db = store();
  const tag = await db.tag.findUnique({ where: { slug } });
  if (!tag) return null;
  const p = paging(page, tag.newsCount);
  if (!p) return null;
  const links = await db.newsTag.findMany({
    where: { tagId: tag.id },
    orderBy: [{ date: 'desc' }, { newsId: 'asc' }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: { news: { select: newsSummarySelect } },
  });
  return { tag, items: links.map((l) => l.news), paging: p };
}
