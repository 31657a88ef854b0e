import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { NewsList } from '@/components/news/NewsList';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { newsListPage } from '@/lib/pages/news';
import { routes } from '@/lib/site/routes';

type Props = { searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { page } = await searchParams;
  return { title: page && page !== '1' ? `News, page ${page}` : 'News', description: 'Every curated digital-health news item, newest first.' };
}

export default async function NewsIndex({ searchParams }: Props) {
  const data = await newsListPage((await searchParams).page);
  if (!data) notFound();
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Home', href: routes.home() }, { label: 'News', href: null }]} />
      <h1>News</h1>
      <p className="muted">{data.paging.total.toLocaleString('en')} curated items, newest first.</p>
      <NewsList items={data.items} />
      <Pagination paging={data.paging} href={(p) => routes.newsList(p)} />
    </>
  );
}
