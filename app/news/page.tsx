import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { KindFilterLinks } from '@/components/news/KindFilter';
import { NewsList } from '@/components/news/NewsList';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { JsonLd } from '@/components/seo/JsonLd';
import { newsListPage } from '@/lib/pages/news';
import { siteName } from '@/lib/site/config';
import { kindChoiceLabel } from '@/lib/site/kinds';
import { pageMetadata } from '@/lib/site/metadata';
import { routes, type KindParam } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { searchParams: Promise<{ page?: string | string[]; kind?: string | string[] }> };

/** "News" for every kind, "Videos · News" for one. */
const listTitle = (kind: KindParam | null) => (kind ? `${kindChoiceLabel(kind)} · News` : 'News');

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { page: pageParam, kind: kindValue } = await searchParams;
  const data = await newsListPage(pageParam, kindValue);
  if (!data) notFound();
  const page = data.paging.page;
  const kind = data.kinds.current;
  return pageMetadata({
    title: page > 1 ? `${listTitle(kind)}, page ${page}` : listTitle(kind),
    description: `Every curated digital-health ${kind ? kindChoiceLabel(kind).toLowerCase() : 'news'} item, newest first${page > 1 ? ` (page ${page} of ${data.paging.pageCount})` : ''}.`,
    path: routes.newsList(page, kind),
    feeds: { title: `${siteName()}: latest news` },
  });
}

export default async function NewsIndex({ searchParams }: Props) {
  const { page: pageParam, kind: kindValue } = await searchParams;
  const data = await newsListPage(pageParam, kindValue);
  if (!data) notFound();
  const kind = data.kinds.current;
  const trail = kind
    ? [{ label: 'Home', href: routes.home() }, { label: 'News', href: routes.newsList() }, { label: kindChoiceLabel(kind), href: null }]
    : [{ label: 'Home', href: routes.home() }, { label: 'News', href: null }];
  const path = routes.newsList(data.paging.page, kind);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage(listTitle(kind), path, data.items)]} />
      <Breadcrumbs trail={trail} />
      <h1>{listTitle(kind)}</h1>
      <p className="muted">{data.paging.total.toLocaleString('en')} curated items, newest first.</p>
      <KindFilterLinks filter={data.kinds} href={(k) => routes.newsList(1, k)} />
      <NewsList items={data.items} />
      <Pagination paging={data.paging} href={(p) => routes.newsList(p, kind)} />
    </>
  );
}
