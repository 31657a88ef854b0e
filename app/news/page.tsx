import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { NewsList } from '@/components/news/NewsList';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { JsonLd } from '@/components/seo/JsonLd';
import { newsListPage } from '@/lib/pages/news';
import { siteName } from '@/lib/site/config';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const data = await newsListPage((await searchParams).page);
  if (!data) notFound();
  const page = data.paging.page;
  return pageMetadata({
    title: page > 1 ? `News, page ${page}` : 'News',
    description: `Every curated digital-health news item, newest first${page > 1 ? ` (page ${page} of ${data.paging.pageCount})` : ''}.`,
    path: routes.newsList(page),
    feeds: { title: `${siteName()}: latest news` },
  });
}

export default async function NewsIndex({ searchParams }: Props) {
  const data = await newsListPage((await searchParams).page);
  if (!data) notFound();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'News', href: null }];
  const path = routes.newsList(data.paging.page);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage('News', path, data.items)]} />
      <Breadcrumbs trail={trail} />
      <h1>News</h1>
      <p className="muted">{data.paging.total.toLocaleString('en')} curated items, newest first.</p>
      <NewsList items={data.items} />
      <Pagination paging={data.paging} href={(p) => routes.newsList(p)} />
    </>
  );
}
