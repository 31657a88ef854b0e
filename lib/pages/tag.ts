import { cache } from 'react';
import { store } from '../store/connection';
import { listing, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface TagPage {
  tag: { slug: string; name: string; newsCount: number };
  items: NewsSummary[];
  paging: Paging;
}

/** `/tag/<slug>`: the items an editor tagged so, newest first (one range of NewsTag(tagId, date)). */
async function readTagPage(slug: string, pageParam: string | string[] | undefined): Promise<TagPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.tag.findUnique({ where: { slug } }),
    async (tag, window) =>
      (await db.newsTag.findMany({ where: { tagId: tag.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window })).map((l) => l.news),
  );
  return found && { tag: found.owner, items: found.rows, paging: found.paging };
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const tagPage = cache(readTagPage);
