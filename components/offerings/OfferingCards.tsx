import { Picture } from '@/components/media/Picture';
import PlainLink from '@/components/navigation/PlainLink';
import type { PageImage } from '@/lib/pages/images';
import { routes } from '@/lib/urls/pages';

export interface OfferingCardData {
  slug: string;
  label: string;
  vendor: string | null;
  logo: PageImage | null;
  shortDescription?: string | null;
  newsCount?: number;
}

/** Offerings as cards: logo (or an initial), name, vendor, what it is. */
export function OfferingCards({ offerings, headingLevel = 2 }: { offerings: OfferingCardData[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="offering-grid">
      {offerings.map((o) => (
        <li key={o.slug} className="offering-card">
          {o.logo ? (
            <Picture className="offering-card__logo" image={{ ...o.logo, alt: '' }} sizes="48px" />
          ) : (
            <span className="offering-card__mark" aria-hidden="true">
              {o.label.trim().charAt(0).toUpperCase()}
            </span>
          )}
          <div>
            <Heading>
              <PlainLink href={routes.offering(o.slug)}>{o.label}</PlainLink>
            </Heading>
            {o.vendor ? <p>by {o.vendor}</p> : null}
            {o.shortDescription ? <p>{o.shortDescription}</p> : null}
            {o.newsCount ? <p>{o.newsCount === 1 ? '1 news item' : `${o.newsCount} news items`}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
