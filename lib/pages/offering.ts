import { cache } from 'react';
import { store } from '../store/connection';
import { allOfferings, offeringTopics, topicOfferings, topOfferingTopics } from '../store/queries/links';
import { imagesByPath, pageImage, storedPageImage, type PageImage } from './images';
import { byName } from './topic';
import { listing, type PageParam, type Paging } from './paging';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';

/** What an offering record says of its offering. */
export interface OfferingProfile {
  vendor: string | null;
  offeringType: string | null;
  shortDescription: string | null;
  bodyHtml: string;
  /** Website and social links by name (website, facebook, twitter, linkedin, instagram, github, youtube): those given. */
  links: Record<string, string>;
  logo: PageImage | null;
  image: PageImage | null;
  createdOn: Date | null;
  updatedOn: Date | null;
}

export interface OfferingPage {
  offering: { slug: string; label: string; newsCount: number; listedCount: number; profile: OfferingProfile | null };
  topics: { slug: string; name: string; label: string; collection: string }[];
  /** Items that relate to the offering and, on a profile, those that share its record's topics: newest first. */
  items: NewsSummary[];
  paging: Paging;
}

/** `/offering/<slug>`: the offering (its profile when a record describes it), its topics, and its news. */
async function readOfferingPage(slug: string, pageParam: PageParam): Promise<OfferingPage | null> {
  const db = store();
  const found = await listing(
    pageParam,
    async () => {
      const o = await db.offering.findUnique({ where: { slug } });
      // Paged by what the page lists: with the topics' items on a profile.
      return o && { ...o, newsCount: o.listedCount };
    },
    async (offering, window) => ({
      topics: offeringTopics(offering.id),
      items: await db.newsItem.findMany({
        where: {
          OR: [
            { offerings: { some: { offeringId: offering.id } } },
            // The topics its record gives it, as a subquery: a record may name thousands.
            ...(offering.profilePath ? [{ topics: { some: { topic: { profiles: { some: { offeringId: offering.id } } } } } }] : []),
          ],
        },
        orderBy: [{ date: 'desc' }, { id: 'asc' }],
        select: newsSummarySelect,
        ...window,
      }),
    }),
  );
  if (!found) return null;
  const o = found.owner;
  const { topics, items: rows } = found.rows;
  const sorted = topics.sort((a, b) => a.name.localeCompare(b.name));
  const images = await imagesByPath([o.logoHref, o.imageHref]);
  const profile: OfferingProfile | null = o.profilePath
    ? {
        vendor: o.vendor,
        offeringType: o.offeringType,
        shortDescription: o.shortDescription,
        bodyHtml: o.bodyHtml ?? '',
        links: o.links ? (JSON.parse(o.links) as Record<string, string>) : {},
        logo: pageImage(images, o.logoHref, `${o.label} logo`, 128),
        image: pageImage(images, o.imageHref, o.label, 960),
        createdOn: o.createdOn,
        updatedOn: o.updatedOn,
      }
    : null;
  return {
    offering: { slug: o.slug, label: o.label, newsCount: o.newsCount, listedCount: o.listedCount, profile },
    topics: sorted,
    items: await newsCards(rows),
    paging: found.paging,
  };
}

export interface OfferingsIndex {
  offerings: { slug: string; label: string; vendor: string | null; offeringType: string | null; shortDescription: string | null; newsCount: number; logo: PageImage | null }[];
  /** Topics offerings belong to, for the filter: the most used, and the one chosen. */
  topics: { slug: string; name: string; count: number }[];
  topic: { slug: string; name: string } | null;
}

/** `/offerings` (`?topic=<slug>` narrows it): every offering, alphabetically, with its logo, vendor and how much news mentions it. */
export async function offeringsIndex(topicSlug?: string): Promise<OfferingsIndex | null> {
  const db = store();
  const topic = topicSlug ? await db.topic.findUnique({ where: { slug: topicSlug }, select: { id: true, slug: true, name: true } }) : null;
  if (topicSlug && !topic) return null;
  // Logos and topic names joined in SQL: one statement each, however many offerings.
  const rows = topic ? topicOfferings(topic.id) : allOfferings();
  return {
    // Dictionary order (SQLite's is by code point: "m.Doc" after "WHO").
    offerings: rows
      .map(({ logo, ...r }) => ({ ...r, logo: storedPageImage(logo, '', 64) }))
      .sort((a, b) => byName(a.label, b.label)),
    topics: topOfferingTopics(40).sort((a, b) => a.name.localeCompare(b.name)),
    topic: topic && { slug: topic.slug, name: topic.name },
  };
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const offeringPage = cache(readOfferingPage);
