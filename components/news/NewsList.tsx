import { Picture } from '@/components/media/Picture';
import Link from '@/components/navigation/PlainLink';
import type { NewsSummary } from '@/lib/pages/summary';
import { summaryText } from '@/lib/site/format';
import { kindLabel } from '@/lib/site/kinds';
import { routes } from '@/lib/site/routes';
import { NewsDate } from './NewsDate';
import { SourceLabel } from './SourceLabel';

/** A list of items as cards: title, kind (a video…), source, date and the editor's summary. */
export function NewsList({ items, headingLevel = 2 }: { items: NewsSummary[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol className="news-list">
      {items.map((item) => {
        const kind = kindLabel(item.kind);
        return (
          <li key={item.slug} className={item.image ? 'news-card news-card--pictured' : 'news-card'}>
            {item.image ? <Picture className="news-card__image" image={item.image} sizes="(min-width: 640px) 9rem, 100vw" /> : null}
            <Heading className="news-card__title">
              <Link href={routes.news(item.slug)}>{item.title}</Link>
            </Heading>
            <p className="news-card__meta">
              {kind ? <span className="kind-label">{kind}</span> : null}
              {item.source ? <SourceLabel brand={item.source.brand} title={item.source.title} /> : null}
              <NewsDate date={item.date} />
            </p>
            {item.description ? <p className="news-card__summary">{summaryText(item.description)}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
