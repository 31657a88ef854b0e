import type { NewsSummary } from '@/lib/pages/summary';
import { NewsCard } from './NewsCard';

/** A list of items as cards: title, kind (a video…), source, date and the editor's summary. */
export function NewsList({ items, headingLevel = 2 }: { items: NewsSummary[]; headingLevel?: 2 | 3 }) {
  return (
    <ol className="news-list">
      {items.map((item) => (
        <NewsCard key={item.slug} item={item} heading={headingLevel === 2 ? 'h2' : 'h3'} />
      ))}
    </ol>
  );
}
