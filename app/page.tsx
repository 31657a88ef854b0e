import Link from '@/components/navigation/PlainLink';
import { NewsList } from '@/components/news/NewsList';
import { TopicChips } from '@/components/topics/TopicChips';
import type { Metadata } from 'next';
import { JsonLd } from '@/components/seo/JsonLd';
import { homePage } from '@/lib/pages/home';
import { SITE_NAME, SITE_TAGLINE, absoluteUrl } from '@/lib/site/config';
import { pageMetadata } from '@/lib/site/metadata';
import { collectionPage } from '@/lib/site/structured-data';
import { routes } from '@/lib/site/routes';

export function generateMetadata(): Metadata {
  return {
    ...pageMetadata({ title: SITE_NAME, description: SITE_TAGLINE, path: '/', feeds: { title: `${SITE_NAME}: latest news` } }),
    title: { absolute: `${SITE_NAME}: curated digital-health news` },
  };
}

export default async function Home() {
  const { latest, topics, total, sections } = await homePage();
  return (
    <>
      <JsonLd
        data={[
          { '@context': 'https://schema.org', '@type': 'WebSite', name: SITE_NAME, url: absoluteUrl('/'), description: SITE_TAGLINE },
          collectionPage('Latest news', '/', latest),
        ]}
      />
      <section className="intro">
        <h1>Digital health, curated</h1>
        <p className="lead">{SITE_TAGLINE}</p>
      </section>
      <div className="columns">
        <section aria-labelledby="latest">
          <h2 id="latest">Latest news</h2>
          <NewsList items={latest} headingLevel={3} />
          {total > latest.length ? (
            <p><Link href={routes.newsList()} className="more">All {total.toLocaleString('en')} items →</Link></p>
          ) : null}
        </section>
        <aside aria-labelledby="main-topics">
          <h2 id="main-topics">Main topics</h2>
          <TopicChips topics={topics} />
          <p><Link href={routes.topics()} className="more">Every topic →</Link></p>
          {sections.map((root) => (
            <section key={root.path} aria-labelledby={`section-${root.path.slice(1).replace(/[^a-z0-9]+/g, '-')}`}>
              <h2 id={`section-${root.path.slice(1).replace(/[^a-z0-9]+/g, '-')}`}>
                <Link href={routes.section(root.path)}>{root.label}</Link>
              </h2>
              {root.children.length ? (
                <ul className="link-list">
                  {root.children.map((c) => (
                    <li key={c.path}>
                      <Link href={routes.section(c.path)}>{c.label}</Link> <span className="count">{c.newsCount.toLocaleString('en')}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{root.newsCount === 1 ? '1 item' : `${root.newsCount.toLocaleString('en')} items`}</p>
              )}
            </section>
          ))}
        </aside>
      </div>
    </>
  );
}
