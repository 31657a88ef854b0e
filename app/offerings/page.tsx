import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { OfferingCards } from '@/components/offerings/OfferingCards';
import { FilterSelect } from '@/components/search/FilterSelect';
import { JsonLd } from '@/components/seo/JsonLd';
import { offeringsIndex } from '@/lib/pages/offering';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList } from '@/lib/site/structured-data';

type Props = { searchParams: Promise<{ topic?: string | string[] }> };

const topicOf = async (props: Props) => {
  const topic = (await props.searchParams).topic;
  // "All topics" submits an empty value; anything but one slug is no page.
  if (topic === undefined || topic === '') return undefined;
  return typeof topic === 'string' && /^[A-Za-z0-9._-]{1,200}$/.test(topic) ? topic : '';
};

export async function generateMetadata(props: Props): Promise<Metadata> {
  const topic = await topicOf(props);
  const data = topic === '' ? null : await offeringsIndex(topic);
  if (!data) notFound();
  return pageMetadata({
    title: data.topic ? `Offerings: ${data.topic.name}` : 'Offerings',
    description: data.topic ? `Digital-health products and services in ${data.topic.name}.` : 'Digital-health products and services our curated news relates to.',
    path: routes.offerings(data.topic?.slug),
  });
}

export default async function OfferingsIndex(props: Props) {
  const topic = await topicOf(props);
  const data = topic === '' ? null : await offeringsIndex(topic);
  if (!data) notFound();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Offerings', href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.offerings())} />
      <Breadcrumbs trail={trail} />
      <h1>{data.topic ? `Offerings: ${data.topic.name}` : 'Offerings'}</h1>
      <p className="muted">Products and services, with their vendors, and the curated news that relates to them.</p>
      {data.topics.length ? (
        <form method="get" action={routes.offerings()} className="filter-form" role="search" aria-label="Filter offerings by topic">
          <FilterSelect id="offerings-topic" name="topic" label="Topic" value={data.topic?.slug ?? ""} choices={data.topics.map((t) => ({ value: t.slug, label: `${t.name} (${t.count})` }))} any="All topics" />
          <button type="submit">Filter</button>
        </form>
      ) : null}
      {data.offerings.length ? <OfferingCards offerings={data.offerings} /> : <p>No offering in this topic yet.</p>}
    </>
  );
}
