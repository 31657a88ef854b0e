import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { JsonLd } from '@/components/seo/JsonLd';
import { topicsIndex } from '@/lib/pages/topic';
import { formatDate } from '@/lib/site/format';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList } from '@/lib/site/structured-data';

export function generateMetadata(): Metadata {
  return pageMetadata({ title: 'Topics', description: 'Every topic of our curated digital-health news, the most active first, and the collections they come from.', path: routes.topics() });
}

const items = (n: number) => (n === 1 ? '1 item' : `${n.toLocaleString('en')} items`);

export default async function TopicsIndex() {
  const { topics, collections, since } = await topicsIndex();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Topics', href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.topics())} />
      <Breadcrumbs trail={trail} />
      <h1>Topics</h1>
      <p className="muted">
        {`${topics.length === 1 ? 'The one topic with news' : `The ${topics.length.toLocaleString('en')} topics with news`}${
          since ? `, those with the most items since ${formatDate(since)} (the four weeks before the newest item) first, then the most items in all.` : ', those with the most items first.'
        }`}
      </p>
      <nav aria-labelledby="collections" className="collections-nav">
        <h2 id="collections">Collections</h2>
        <p className="muted">Each collection&apos;s page lists all its topics, as its taxonomy nests them.</p>
        <ul>
          {collections.map((c) => (
            <li key={c.slug}>
              <PlainLink href={routes.collection(c.slug)}>{c.name}</PlainLink>{' '}
              <span className="muted">{`${c.topicCount === 1 ? '1 topic' : `${c.topicCount.toLocaleString('en')} topics`}${c.withNews < c.topicCount ? `, ${c.withNews.toLocaleString('en')} with news` : ''}`}</span>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="by-activity">
        <h2 id="by-activity">Most active first</h2>
        {topics.length ? (
          <ol className="topic-activity">
            {topics.map((t) => (
              <li key={t.slug}>
                <PlainLink href={routes.topic(t.slug)}>{t.label}</PlainLink>{' '}
                <span className="topic-activity__facts">{`${t.collection} · ${items(t.newsCount)}${since && t.recent ? `, ${t.recent.toLocaleString('en')} lately` : ''}`}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p>No topic has news yet.</p>
        )}
      </section>
    </>
  );
}
