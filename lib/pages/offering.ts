import { cache } from 'react';
import { store } from '../store/connection';
import { listing, type Paging } from './paging';
import { newsSummarySelect, type NewsSummary } from './summary';

export interface OfferingPage {
  offering: { slug: string; label: string; newsCount: number };
  topics: { slug: string; name: string; label: string; collection: string }[];
  items: NewsSummary[];
  paging: Paging;
}

/** `/offering/<slug>`: the offering, its topics, and the news that relates to it. */
async function readOfferingPage(slug: string, pageParam: string | string[] | undefined): Promise<OfferingPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    () => db.offering.findUnique({ where: { slug } }),
    (offering, window) =>
      Promise.all([
        db.offeringTopic.findMany({ where: { offeringId: offering.id }, select: { topic: true } }),
        db.newsOffering.findMany({ where: { offeringId: offering.id }, orderBy: [{ date: 'desc' }, { newsId: 'asc' }], select: { news: { select: newsSummarySelect } }, ...window }),
      ]),
  );
  if (!found) return null;
  const [topics, links] = found.rows;
  const sorted = topics.map((t) => t.topic).sort((a, b) => a.name.localeCompare(b.name));
  return { offering: found.owner, topics: sorted, items: links.map((l) => l.news), paging: found.paging };
}

/** `/offerings`: every offering, alphabetically, with how much news mentions it. */
export async function offeringsIndex() {
  return store().offering.findMany({ orderBy: { label: 'asc' }, select: { slug: true, label: true, newsCount: true } });
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const offeringPage = cache(readOfferingPage);
