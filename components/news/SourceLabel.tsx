import Link from '@/components/navigation/PlainLink';
import { routes } from '@/lib/site/routes';

/** The publisher of an item, as a small label linking to everything curated from it. */
export function SourceLabel({ brand }: { brand: string }) {
  return (
    <Link className="source-label" href={routes.source(brand)}>
      {brand}
    </Link>
  );
}
