import PlainLink from '@/components/navigation/PlainLink';
import { routes } from '@/lib/urls/pages';

/** The publisher of an item (a feed by its name), as a small label linking to everything curated from it. */
export function SourceLabel({ brand, title }: { brand: string; title?: string | null }) {
  return (
    <PlainLink className="source-label" href={routes.source(brand)}>
      {title || brand}
    </PlainLink>
  );
}
