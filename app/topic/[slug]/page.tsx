import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { NewsList } from '@/components/news/NewsList';
import { topicPage } from '@/lib/pages/topic';
import { routes } from '@/lib/site/routes';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await topicPage((await params).slug, (await searchParams).page);
  if (!data) notFound();
  const suffix = data.paging.page > 1 ? `, page ${data.paging.page}` : '';
  return {
    title: `${data.topic.label} (${data.topic.collection})${suffix}`,
    description: `Curated news on ${data.topic.label}, a ${data.topic.collection} topic: ${data.topic.newsCount} items, newest first.`,
  };
}

export default async function TopicPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const data = await topicPage(slug, (await searchParams).page);
  if (!data) notFound();
  const { topic, items, offerings, paging } = data;
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Home', href: routes.home() }, { label: 'Topics', href: routes.topics() }, { label: topic.name, href: null }]} />
      <p className="eyebrow">{topic.collection}</p>
      <h1>{topic.label}</h1>
      <p className="muted">
        {topic.newsCount === 1 ? '1 curated item' : `${topic.newsCount.toLocaleString('en')} curated items`}, newest first.
      </p>
      <div className="columns">
        <section aria-label="News">
          {items.length ? <NewsList items={items} /> : <p>No news in this topic yet.</p>}
          <Pagination paging={paging} href={(p) => routes.topic(slug, p)} />
        </section>
        {offerings.length ? (
          <aside aria-labelledby="offerings">
            <h2 id="offerings">Offerings in this topic</h2>
            <ul className="link-list">
              {offerings.map((o) => (
                <li key={o.slug}>
                  <Link href={routes.offering(o.slug)}>{o.label}</Link>
                </li>
              ))}
            </ul>
          </aside>
        ) : null}
      </div>
    </>
  );
}
