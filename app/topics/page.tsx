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
  return pageMetadata({ title: 'Topics', description: 'Every subject of our curated digital-health news, the most active first, and the collections of topics they come from.', path: routes.topics() });
}

const items = (n: number) => (n === 1 ? '1 item' : `${n.toLocaleString('en')} items`);

export default async function TopicsIndex() {
  const { subjects, collections, since } = await topicsIndex();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Topics', href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.topics())} />
      <Breadcrumbs trail={trail} />
      <h1>Topics</h1>
      <p className="muted">
        {`${subjects.length === 1 ? 'The one subject with news' : `The ${subjects.length.toLocaleString('en')} subjects with news`}${
          since ? `, those with the most items since ${formatDate(since)} (the four weeks before the newest item) first, then the most items in all.` : ', those with the most items first.'
        } A subject gathers the topics of every collection that mean the same.`}
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
        {subjects.length ? (
          <ol className="topic-activity">
            {subjects.map((t) => (
              <li key={t.href}>
                <PlainLink href={t.href}>{t.name}</PlainLink>{' '}
                <span className="topic-activity__facts">{`${t.collections.length > 2 ? `${t.collections.length} collections` : t.collections.join(', ')} · ${items(t.newsCount)}${since && t.recent ? `, ${t.recent.toLocaleString('en')} lately` : ''}`}</span>
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
