import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ListingPage } from '@/components/news/ListingPage';
import { tagPage } from '@/lib/pages/tag';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

async function load({ params, searchParams }: Props) {
  return tagPage((await params).slug, (await searchParams).page);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const data = await load(props);
  if (!data) notFound();
  const { owner: tag, paging } = data;
  return pageMetadata({
    title: paging.page > 1 ? `Tagged “${tag.name}”, page ${paging.page}` : `Tagged “${tag.name}”`,
    description: `Curated digital-health news tagged “${tag.name}”: ${tag.newsCount} ${tag.newsCount === 1 ? 'item' : 'items'}, newest first.`,
    path: routes.tag(tag.slug, paging.page),
  });
}

export default async function TagPage(props: Props) {
  const data = await load(props);
  if (!data) notFound();
  const { owner: tag, items, paging } = data;
  return (
    <ListingPage
      trail={[{ label: 'Home', href: routes.home() }, { label: 'News', href: routes.newsList() }, { label: `Tagged “${tag.name}”`, href: null }]}
      path={routes.tag(tag.slug, paging.page)}
      eyebrow="Tag"
      title={`Tagged “${tag.name}”`}
      intro={`${tag.newsCount.toLocaleString('en')} curated ${tag.newsCount === 1 ? 'item' : 'items'}, newest first.`}
      items={items}
      paging={paging}
      pageHref={(p) => routes.tag(tag.slug, p)}
      topics={data.topics}
    />
  );
}
