import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { offeringsIndex } from '@/lib/pages/offering';
import { routes } from '@/lib/site/routes';

export const metadata: Metadata = { title: 'Offerings', description: 'Digital-health products and services our curated news relates to.' };

export default async function OfferingsIndex() {
  const offerings = await offeringsIndex();
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Home', href: routes.home() }, { label: 'Offerings', href: null }]} />
      <h1>Offerings</h1>
      <p className="muted">Products and services that curated news items relate to.</p>
      <ul className="topic-grid">
        {offerings.map((o) => (
          <li key={o.slug}>
            <Link href={routes.offering(o.slug)}>{o.label}</Link> <span className="count">{o.newsCount}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
