import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { topicsIndex } from '@/lib/pages/topic';
import { routes } from '@/lib/site/routes';

export const metadata: Metadata = { title: 'Topics', description: 'Every topic of our curated digital-health news, grouped by collection.' };

export default async function TopicsIndex() {
  const { collections } = await topicsIndex();
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Home', href: routes.home() }, { label: 'Topics', href: null }]} />
      <h1>Topics</h1>
      <p className="muted">Topics come from the collections editors curate with, such as Healthcare IT News, HIMSS and Symplur.</p>
      {collections.map((c) => (
        <section key={c.name} aria-labelledby={`c-${c.name}`} className="collection">
          <h2 id={`c-${c.name}`}>{c.name}</h2>
          <ul className="topic-grid">
            {c.topics.map((t) => (
              <li key={t.slug}>
                <Link href={routes.topic(t.slug)}>{t.label}</Link> <span className="count">{t.newsCount}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
