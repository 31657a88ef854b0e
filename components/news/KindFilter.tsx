import PlainLink from '@/components/navigation/PlainLink';
import type { KindFilter } from '@/lib/pages/kinds';
import { kindChoiceLabel } from '@/lib/site/kinds';
import type { KindParam } from '@/lib/urls/pages';

/**
 * A listing's kinds as plain links with their counts ("All 73 · News 50 · Videos 3"):
 * narrowing to one kind works without JavaScript, and the chosen one is marked as the
 * current page. Not shown when the listing holds one kind only.
 */
export function KindFilterLinks({ filter, href }: { filter: KindFilter | null; href: (kind: KindParam | null) => string }) {
  if (!filter || (filter.choices.length < 2 && filter.current === null)) return null;
  const choice = (kind: KindParam | null, label: string, count: number) => (
    <li key={kind ?? 'all'}>
      <PlainLink href={href(kind)} className="kind-choice" aria-current={filter.current === kind ? 'page' : undefined}>
        {label} <span className="kind-choice__count">{count.toLocaleString('en')}</span>
      </PlainLink>
    </li>
  );
  return (
    <nav aria-label="Kinds of item" className="kind-filter">
      <ul>
        {choice(null, 'All', filter.total)}
        {filter.choices.map((c) => choice(c.kind, kindChoiceLabel(c.kind), c.count))}
      </ul>
    </nav>
  );
}
