import Link from '@/components/navigation/PlainLink';
import { routes } from '@/lib/site/routes';

/** Links to topic pages, showing "Collection: Label". */
export function TopicChips({ topics }: { topics: { slug: string; collection: string; label: string }[] }) {
  return (
    <ul className="chips">
      {topics.map((t) => (
        <li key={t.slug}>
          <Link href={routes.topic(t.slug)} className="chip">
            <span className="chip__collection">{t.collection}</span> {t.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
