import { cache } from 'react';
import { store } from '../store/connection';
import { newsListing, type PageParam } from './paging';
import { newsSummarySelect } from './summary';

/** `/tag/<slug>`: the items an editor tagged so, newest first: one range of NewsTag(tagId, date) (deduplicated per request). */
export const tagPage = cache((slug: string, pageParam: PageParam) =>
  newsListing(
    pageParam,
    () => store().tag.findUnique({ where: { slug } }),
    async (tag, window) =>
      (await store().newsTag.findMany({ where: { tagId: tag.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window })).map((l) => l.news),
  ),
);
