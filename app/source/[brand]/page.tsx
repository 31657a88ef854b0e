import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ListingPage } from '@/components/news/ListingPage';
import { sourcePage } from '@/lib/pages/source';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/site/routes';

type Props = { params: Promise<{ brand: string }>; searchParams: Promise<{ page?: string | string[] }> };

async function load({ params, searchParams }: Props) {
  return sourcePage(decodeURIComponent((await params).brand), (await searchParams).page);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const data = await load(props);
  if (!data) notFound();
  const { owner: source, paging } = data;
  return pageMetadata({
    title: paging.page > 1 ? `News from ${source.brand}, page ${paging.page}` : `News from ${source.brand}`,
    description: `Digital-health news curated from ${source.brand}: ${source.newsCount} ${source.newsCount === 1 ? 'item' : 'items'}, newest first.`,
    path: routes.source(source.brand, paging.page),
  });
}

export default async function SourcePage(props: Props) {
  const data = await load(props);
  if (!data) notFound();
  const { owner: source, items, paging } = data;
  return (
    <ListingPage
      trail={[{ label: 'Home', href: routes.home() }, { label: 'News', href: routes.newsList() }, { label: source.brand, href: null }]}
      path={routes.source(source.brand, paging.page)}
      eyebrow="Source"
      title={`News from ${source.brand}`}
      intro={`${source.newsCount.toLocaleString('en')} curated ${source.newsCount === 1 ? 'item' : 'items'} from this publisher, newest first.`}
      items={items}
      paging={paging}
      pageHref={(p) => routes.source(source.brand, p)}
    />
  );
}
