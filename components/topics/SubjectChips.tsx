import PlainLink from '@/components/navigation/PlainLink';

/** Links to subjects (lib/store/queries/subjects.ts): a name, and how many items. */
export function SubjectChips({ subjects }: { subjects: { name: string; href: string; count: number }[] }) {
  return (
    <ul className="chips">
      {subjects.map((s) => (
        <li key={s.href}>
          <PlainLink href={s.href} className="chip">
            {s.name} <span className="chip__count">{s.count.toLocaleString('en')}</span>
          </PlainLink>
        </li>
      ))}
    </ul>
  );
}
