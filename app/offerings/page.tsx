import type { Metadata } from 'next';
import Link from '@/components/navigation/PlainLink';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { JsonLd } from '@/components/seo/JsonLd';
import { offeringsIndex } from '@/lib/pages/offering';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/site/routes';
import { breadcrumbList } from '@/lib/site/structured-data';

export function generateMetadata(): Metadata {
  return pageMetadata({ title: 'Offerings', description: 'Digital-health products and services our curated news relates to.', path: routes.offerings() });
}

export default async function OfferingsIndex() {
  const offerings = await offeringsIndex();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Offerings', href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.offerings())} />
      <Breadcrumbs trail={trail} />
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
