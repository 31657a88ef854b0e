import PlainLink from '@/components/navigation/PlainLink';

export interface Crumb {
  label: string;
  href: string | null;
}

/** Home › Section › Page. The last crumb is the current page and is not a link. */
export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {trail.map((crumb, i) => {
          const last = i === trail.length - 1;
          return (
            <li key={i}>
              {crumb.href && !last ? <PlainLink href={crumb.href}>{crumb.label}</PlainLink> : <span aria-current={last ? 'page' : undefined}>{crumb.label}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
