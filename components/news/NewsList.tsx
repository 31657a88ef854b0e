import Link from '@/components/navigation/PlainLink';
import type { NewsSummary } from '@/lib/pages/summary';
import { summaryText } from '@/lib/site/format';
import { routes } from '@/lib/site/routes';
import { NewsDate } from './NewsDate';
import { SourceLabel } from './SourceLabel';

/** A list of items as cards: title, source, date and the editor's summary. */
export function NewsList({ items, headingLevel = 2 }: { items: NewsSummary[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol className="news-list">
      {items.map((item) => (
        <li key={item.id} className={item.featuredImageHref ? 'news-card news-card--pictured' : 'news-card'}>
          {item.featuredImageHref ? (
            // eslint-disable-next-line @next/next/no-img-element -- served as stored; dimensions come from the record
            <img
              className="news-card__image"
              src={routes.media(item.featuredImageHref)}
              alt=""
              width={item.featuredImageWidth ?? undefined}
              height={item.featuredImageHeight ?? undefined}
              loading="lazy"
              decoding="async"
            />
          ) : null}
          <Heading className="news-card__title">
            <Link href={routes.news(item.slug)}>{item.title}</Link>
          </Heading>
          <p className="news-card__meta">
            {item.source ? <SourceLabel brand={item.source.brand} /> : null}
            <NewsDate date={item.date} />
          </p>
          {item.description ? <p className="news-card__summary">{summaryText(item.description)}</p> : null}
        </li>
      ))}
    </ol>
  );
}
