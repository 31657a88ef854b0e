import { cache } from 'react';
import { store } from '../store/connection';
import { LISTING_TOPICS, newsListing, type PageParam } from './paging';
import { newsSummarySelect } from './summary';
import { tagTopics } from '../store/queries/listing-topics';

/** `/tag/<slug>`: the items an editor tagged so, newest first: one range of NewsTag(tagId, date) (deduplicated per request). */
export const tagPage = cache(async (slug: string, pageParam: PageParam) => {
  const found = await newsListing(
    pageParam,
    () => store().tag.findUnique({ where: { slug } }),
    async (tag, window) =>
      (await store().newsTag.findMany({ where: { tagId: tag.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window })).map((l) => l.news),
  );
  return found && { ...found, topics: tagTopics(found.owner.id, LISTING_TOPICS) };
});
