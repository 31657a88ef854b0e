import type { Metadata } from 'next';
import Link from '@/components/navigation/PlainLink';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { JsonLd } from '@/components/seo/JsonLd';
import { topicsIndex } from '@/lib/pages/topic';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/site/routes';
import { breadcrumbList } from '@/lib/site/structured-data';

export function generateMetadata(): Metadata {
  return pageMetadata({ title: 'Topics', description: 'Every topic of our curated digital-health news, grouped by collection.', path: routes.topics() });
}

export default async function TopicsIndex() {
  const { collections } = await topicsIndex();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Topics', href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.topics())} />
      <Breadcrumbs trail={trail} />
      <h1>Topics</h1>
      <p className="muted">Topics come from the collections editors curate with, such as Healthcare IT News, HIMSS and Symplur.</p>
      <nav aria-label="Collections" className="jump-list">
        <ul>
          {collections.map((c) => (
            <li key={c.slug}>
              <a href={`#collection-${c.slug}`}>{c.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {collections.map((c) => (
        <section key={c.slug} aria-labelledby={`collection-${c.slug}`} className="collection">
          <h2 id={`collection-${c.slug}`}>{c.name}</h2>
          {c.topics.length ? (
            <ul className="topic-grid">
              {c.topics.map((t) => (
                <li key={t.slug}>
                  <Link href={routes.topic(t.slug)}>{t.label}</Link> <span className="count">{t.newsCount}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No news in this collection yet.</p>
          )}
          <p>
            <Link href={routes.collection(c.slug)} className="more">
              {c.topicCount === 1 ? 'The collection’s topic' : `All ${c.topicCount.toLocaleString('en')} topics of ${c.name}`} →
            </Link>
          </p>
        </section>
      ))}
    </>
  );
}
