import { store } from '../store/read';
import { pageNumber, paging, PAGE_SIZE, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface OfferingPage {
  offering: { slug: string; label: string; newsCount: number };
  topics: { slug: string; name: string; label: string; collection: string }[];
  items: NewsSummary[];
  paging: Paging;
}

/** `/offering/<slug>`: the offering, its topics, and the news that relates to it. */
export async function offeringPage(slug: string, pageParam: string | string[] | undefined): Promise<OfferingPage | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const db = store();
  const offering = await db.offering.findUnique({ where: { slug } });
  if (!offering) return null;
  const p = paging(page, offering.newsCount);
  if (!p) return null;
  const [topics, links] = await Promise.all([
    db.offeringTopic.findMany({ where: { offeringId: offering.id }, select: { topic: true } }),
    db.newsOffering.findMany({
      where: { offeringId: offering.id },
      orderBy: [{ date: 'desc' }, { newsId: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { news: { select: newsSummarySelect } },
    }),
  ]);
  const sorted = topics.map((t) => t.topic).sort((a, b) => a.name.localeCompare(b.name));
  return { offering, topics: sorted, items: links.map((l) => l.news), paging: p };
}

/** `/offerings`: every offering, alphabetically, with how much news mentions it. */
export async function offeringsIndex() {
  return store().offering.findMany({ orderBy: { label: 'asc' }, select: { slug: true, label: true, newsCount: true } });
}
