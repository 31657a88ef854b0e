import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { NewsDate } from '@/components/news/NewsDate';
import { NewsList } from '@/components/news/NewsList';
import { Headlines } from '@/components/news/NewsCard';
import { ShareLinks } from '@/components/news/ShareLinks';
import { TopicChips } from '@/components/topics/TopicChips';
import { JsonLd } from '@/components/seo/JsonLd';
import { newsItemPage, type NewsItemPage } from '@/lib/pages/news';
import { absoluteUrl } from '@/lib/site/config';
import { pageMetadata } from '@/lib/site/metadata';
import { SourceLabel } from '@/components/news/SourceLabel';
import { Picture } from '@/components/media/Picture';
import { VideoPlayer } from '@/components/media/VideoPlayer';
import { hostOf } from '@/lib/content/values';
import { callToOriginal, kindLabel } from '@/lib/site/kinds';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, eventJsonLd, newsArticle, videoObject } from '@/lib/site/structured-data';
import { EventStatus, EventWhen } from '@/components/events/EventList';
import { eventPlaceText } from '@/lib/site/events';

type Props = { params: Promise<{ slug: string }> };

const imageUrl = (item: NewsItemPage) => (item.image ? absoluteUrl(item.image.src) : null);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const item = await newsItemPage((await params).slug);
  if (!item) notFound();
  const image = imageUrl(item);
  return pageMetadata({
    title: item.title,
    description: item.description ?? `${item.title}: curated from ${item.source?.brand ?? 'the web'}.`,
    path: routes.news(item.slug),
    image: image ? { url: image, width: item.image!.width, height: item.image!.height, alt: item.image!.alt } : null,
    article: { publishedTime: item.date, modifiedTime: item.lastMod, authors: item.authors.map((a) => a.name), tags: item.topics.map((t) => t.name) },
    social: item.socialMeta,
  });
}

export default async function NewsItem({ params }: Props) {
  const item = await newsItemPage((await params).slug);
  if (!item) notFound();
  const trail = item.trail;
  const updated = item.lastMod && item.lastMod.toISOString().slice(0, 10) !== item.date.toISOString().slice(0, 10) ? item.lastMod : null;

  const path = routes.news(item.slug);
  const kind = kindLabel(item.kind);
  const event = item.event;
  const sourceName = item.source ? item.source.title || item.source.brand : null;
  return (
    <div className="item-layout">
      <article className="news-item">
        <JsonLd
          data={[
            newsArticle({ ...item, image: imageUrl(item) }),
            ...(event ? [eventJsonLd({ ...item, event: event.event, image: imageUrl(item) })] : []),
            ...(item.video ? [videoObject({ ...item, image: imageUrl(item), video: item.video })] : []),
            breadcrumbList(trail, path),
          ].filter((d) => d !== null)}
        />
        <Breadcrumbs trail={trail} />
        <header>
          <h1>{item.title}</h1>
          <p className="news-item__meta">
            {kind ? <span className="kind-label">{kind}</span> : null}
            {item.sourceIcon ? <Picture className="source-icon" image={item.sourceIcon} sizes="32px" /> : null}
            {item.source ? <SourceLabel brand={item.source.brand} title={item.source.title} /> : null}
            <NewsDate date={item.date} />
            {updated ? <NewsDate date={updated} prefix="Updated " /> : null}
            {item.authors.length ? <span>Curated by {item.authors.map((a) => a.name).join(', ')}</span> : null}
          </p>
        </header>
        {event ? (
          <dl className="event-facts">
            <dt>When</dt>
            <dd>
              <EventWhen card={event} />
            </dd>
            <dt>Where</dt>
            <dd>{eventPlaceText(event.event) ?? 'Not given'}</dd>
            <dt>Status</dt>
            <dd>
              <EventStatus card={event} />
            </dd>
            {event.event.recordingUrl ? (
              <>
                <dt>Recording</dt>
                <dd>
                  <a href={event.event.recordingUrl} rel="noopener">
                    Watch the recording on {hostOf(event.event.recordingUrl) ?? 'the web'}
                  </a>
                </dd>
              </>
            ) : null}
            {event.event.start ? (
              <>
                <dt>Calendar</dt>
                <dd>
                  <a href={routes.eventCalendar(item.slug)}>Add to your calendar (.ics)</a>
                </dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {/* A video's image is its player's poster. */}
        {item.video ? (
          <VideoPlayer title={item.title} video={item.video} poster={item.image} />
        ) : item.image ? (
          <Picture className="news-item__image" image={item.image} sizes="(min-width: 46rem) 46rem, 100vw" eager />
        ) : null}
        {item.description && item.showDescription ? <p className="lead">{item.description}</p> : null}
        {item.bodyHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : null}
        <p>
          <a className="button" href={item.url} rel="noopener">
            {callToOriginal(item.kind, hostOf(item.url) ?? item.source?.brand ?? null)} →
          </a>
        </p>
        <ShareLinks url={absoluteUrl(path)} title={item.title} />
        {item.related.length ? (
          <section aria-labelledby="related">
            <h2 id="related">Related news</h2>
            <NewsList items={item.related} headingLevel={3} />
          </section>
        ) : null}
      </article>
      {item.topics.length || item.tags.length || item.offerings.length || item.moreFromSource.length ? (
        <aside className="item-aside" aria-label="More on this item">
          {item.offerings.length ? (
            <section aria-labelledby="offerings">
              <h2 id="offerings">Related offerings</h2>
              <ul className="link-list">
                {item.offerings.map((o) => (
                  <li key={o.slug}>
                    <PlainLink href={routes.offering(o.slug)}>{o.label}</PlainLink>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {item.topics.length ? (
            <section aria-labelledby="topics">
              <h2 id="topics">Topics</h2>
              <TopicChips topics={item.topics} />
            </section>
          ) : null}
          {item.tags.length ? (
            <section aria-labelledby="tags">
              <h2 id="tags">Tags</h2>
              <ul className="chips">
                {item.tags.map((t) => (
                  <li key={t.slug}>
                    <PlainLink href={routes.tag(t.slug)} className="chip">
                      {t.name}
                    </PlainLink>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {item.source && item.moreFromSource.length ? (
            <section aria-labelledby="more-from-source">
              <h2 id="more-from-source">More from {sourceName}</h2>
              <Headlines items={item.moreFromSource} heading="h3" />
              <p className="block-more">
                <PlainLink href={routes.source(item.source.brand)}>Everything from {sourceName} →</PlainLink>
              </p>
            </section>
          ) : null}
        </aside>
      ) : null}
    </div>
  );
}
