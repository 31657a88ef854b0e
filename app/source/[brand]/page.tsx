import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ListingPage } from '@/components/news/ListingPage';
import { sourcePage } from '@/lib/pages/source';
import { kindChoiceLabel } from '@/lib/site/kinds';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';

type Props = { params: Promise<{ brand: string }>; searchParams: Promise<{ page?: string | string[]; kind?: string | string[] }> };

async function load({ params, searchParams }: Props) {
  const { page, kind } = await searchParams;
  return sourcePage(decodeURIComponent((await params).brand), page, kind);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const data = await load(props);
  if (!data) notFound();
  const { owner: source, paging } = data;
  const name = source.title ?? source.brand;
  const kind = data.kinds?.current ?? null;
  const title = `News from ${name}${kind ? ` · ${kindChoiceLabel(kind)}` : ''}`;
  return pageMetadata({
    title: paging.page > 1 ? `${title}, page ${paging.page}` : title,
    description: `Digital-health news curated from ${name}: ${source.newsCount} ${source.newsCount === 1 ? 'item' : 'items'}, newest first.`,
    path: routes.source(source.brand, paging.page, kind),
  });
}

export default async function SourcePage(props: Props) {
  const data = await load(props);
  if (!data) notFound();
  const { owner: source, items, paging, icon } = data;
  const kind = data.kinds?.current ?? null;
  const name = source.title ?? source.brand;
  const count = `${source.newsCount.toLocaleString('en')} curated ${source.newsCount === 1 ? 'item' : 'items'}`;
  return (
    <ListingPage
      trail={[{ label: 'Home', href: routes.home() }, { label: 'News', href: routes.newsList() }, { label: name, href: null }]}
      path={routes.source(source.brand, paging.page, kind)}
      eyebrow={source.feedUrl ? 'Feed' : 'Source'}
      title={`News from ${name}`}
      icon={icon}
      intro={
        source.feedUrl ? (
          <>
            {count} from the feed of {source.siteUrl ? <a href={source.siteUrl} rel="nofollow noopener">{new URL(source.siteUrl).host}</a> : source.brand}, newest first (
            <a href={source.feedUrl} rel="nofollow noopener">
              the feed itself
            </a>
            ).
          </>
        ) : (
          `${count} from this publisher, newest first.`
        )
      }
      items={items}
      paging={paging}
      pageHref={(p) => routes.source(source.brand, p, kind)}
      kinds={data.kinds}
      kindHref={(k) => routes.source(source.brand, 1, k)}
      topics={data.topics}
    />
  );
}
