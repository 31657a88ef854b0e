import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { Headlines, LeadStory, River } from '@/components/news/NewsCard';
import { JsonLd } from '@/components/seo/JsonLd';
import { EventList } from '@/components/events/EventList';
import { SubjectChips } from '@/components/topics/SubjectChips';
import { homePage } from '@/lib/pages/home';
import { absoluteUrl } from '@/lib/site/config';
import { siteIdentity } from '@/lib/site/identity';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { collectionPage } from '@/lib/site/structured-data';

export function generateMetadata(): Metadata {
  const { name, tagline, description } = siteIdentity();
  return {
    ...pageMetadata({ title: name, description, path: routes.home(), feeds: { title: `${name}: latest news` } }),
    title: { absolute: `${name}: ${tagline.replace(/\.$/, '')}` },
  };
}

/** An id for a heading from a section's address (`/communities/pandemic` → `section-communities-pandemic`). */
const sectionHeadingId = (path: string) => `section-${path.slice(1).replace(/[^a-z0-9]+/g, '-')}`;

export default async function Home() {
  const { lead, topStories, coverage, sections, events, river, subjects, total } = await homePage();
  const { name, description } = siteIdentity();
  const stories = [...(lead ? [lead] : []), ...topStories];
  return (
    <>
      <JsonLd
        data={[
          { '@context': 'https://schema.org', '@type': 'WebSite', name, url: absoluteUrl('/'), description },
          collectionPage('Top stories', '/', stories),
        ]}
      />
      <h1 className="visually-hidden">{name}</h1>
      <div className="front">
        <div className="front__main">
          {stories.length ? (
            <section aria-labelledby="top-stories" className="front-block">
              <h2 id="top-stories" className="block-title">Top stories</h2>
              {lead ? <LeadStory item={lead} heading="h3" alsoCoveredBy={coverage[lead.id]} /> : null}
              {topStories.length ? <Headlines items={topStories} heading="h3" summaries coverage={coverage} /> : null}
              {total > stories.length ? (
                <p className="block-more">
                  <PlainLink href={routes.newsList()}>All {total.toLocaleString('en')} items →</PlainLink>
                </p>
              ) : null}
            </section>
          ) : null}
          {sections.length ? (
            <div className="front-sections">
              {sections.map(({ section, items }) => (
                <section key={section.path} aria-labelledby={sectionHeadingId(section.path)} className="front-block front-section">
                  <h2 id={sectionHeadingId(section.path)} className="block-title">
                    <PlainLink href={routes.section(section.path)}>{section.label}</PlainLink>
                  </h2>
                  <Headlines items={items} heading="h3" />
                </section>
              ))}
            </div>
          ) : null}
        </div>
        <div className="front__side">
          {events.length ? (
            <section aria-labelledby="upcoming-events" className="front-block">
              <h2 id="upcoming-events" className="block-title">
                <PlainLink href={routes.events()}>Upcoming events</PlainLink>
              </h2>
              <EventList events={events} heading="h3" />
              <p className="block-more">
                <PlainLink href={routes.events()}>Every event →</PlainLink>
              </p>
            </section>
          ) : null}
          {river.length ? (
            <section aria-labelledby="river" className="front-block">
              <h2 id="river" className="block-title">From the feeds</h2>
              <River items={river} />
            </section>
          ) : null}
          {subjects.length ? (
            <section aria-labelledby="subjects" className="front-block">
              <h2 id="subjects" className="block-title">Active subjects</h2>
              <SubjectChips subjects={subjects} />
              <p className="block-more">
                <PlainLink href={routes.topics()}>Every subject →</PlainLink>
              </p>
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}
