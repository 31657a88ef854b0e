import Link from 'next/link';
import { NewsList } from '@/components/news/NewsList';
import { TopicChips } from '@/components/topics/TopicChips';
import { homePage } from '@/lib/pages/home';
import { SITE_TAGLINE } from '@/lib/site/config';
import { routes } from '@/lib/site/routes';

export default async function Home() {
  const { latest, topics, total } = await homePage();
  return (
    <>
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
        </aside>
      </div>
    </>
  );
}
