import PlainLink from '@/components/navigation/PlainLink';
import { routes } from '@/lib/urls/pages';

/** Links to topic pages, showing "Collection: Label", and how many items when given. */
export function TopicChips({ topics }: { topics: { slug: string; collection: string; label: string; count?: number }[] }) {
  return (
    <ul className="chips">
      {topics.map((t) => (
        <li key={t.slug}>
          <PlainLink href={routes.topic(t.slug)} className="chip">
            <span className="chip__collection">{t.collection}</span> {t.label}
            {t.count !== undefined ? ' ' : null}
            {t.count !== undefined ? <span className="chip__count">{t.count.toLocaleString('en')}</span> : null}
          </PlainLink>
        </li>
      ))}
    </ul>
  );
}
