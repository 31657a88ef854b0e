import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { NewsList } from '@/components/news/NewsList';
import { TopicChips } from '@/components/topics/TopicChips';
import { JsonLd } from '@/components/seo/JsonLd';
import { offeringPage } from '@/lib/pages/offering';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/site/routes';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await offeringPage((await params).slug, (await searchParams).page);
  if (!data) notFound();
  const { offering, paging } = data;
  return pageMetadata({
    title: paging.page > 1 ? `${offering.label}, page ${paging.page}` : offering.label,
    description: `Digital-health news that relates to ${offering.label}: ${offering.newsCount} curated ${offering.newsCount === 1 ? 'item' : 'items'}.`,
    path: routes.offering(offering.slug, paging.page),
    feeds: { title: `${offering.label}: latest news`, scope: { offering: offering.slug } },
  });
}

export default async function OfferingPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const data = await offeringPage(slug, (await searchParams).page);
  if (!data) notFound();
  const { offering, topics, items, paging } = data;
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Offerings', href: routes.offerings() }, { label: offering.label, href: null }];
  const path = routes.offering(slug, paging.page);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage(offering.label, path, items)]} />
      <Breadcrumbs trail={trail} />
      <p className="eyebrow">Offering</p>
      <h1>{offering.label}</h1>
      {topics.length ? (
        <section aria-labelledby="topics">
          <h2 id="topics">Topics</h2>
          <TopicChips topics={topics} />
        </section>
      ) : null}
      <section aria-labelledby="news">
        <h2 id="news">News about {offering.label}</h2>
        <NewsList items={items} headingLevel={3} />
        <Pagination paging={paging} href={(p) => routes.offering(slug, p)} />
      </section>
    </>
  );
}
