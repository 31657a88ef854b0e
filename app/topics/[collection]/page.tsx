import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { JsonLd } from '@/components/seo/JsonLd';
import { collectionPage } from '@/lib/pages/topic';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList } from '@/lib/site/structured-data';

type Props = { params: Promise<{ collection: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await collectionPage((await params).collection);
  if (!data) notFound();
  return pageMetadata({ title: `${data.name} topics`, description: `The ${data.topics.length} topics of the ${data.name} collection, as its taxonomy nests them.`, path: routes.collection(data.slug) });
}

export default async function CollectionPage({ params }: Props) {
  const data = await collectionPage((await params).collection);
  if (!data) notFound();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Topics', href: routes.topics() }, { label: data.name, href: null }];
  return (
    <>
      <JsonLd data={breadcrumbList(trail, routes.collection(data.slug))} />
      <Breadcrumbs trail={trail} />
      <p className="eyebrow">Collection</p>
      <h1>{data.name}</h1>
      <p className="muted">{data.topics.length.toLocaleString('en')} topics; the number beside each is its curated items.</p>
      <ul className="topic-tree">
        {data.topics.map((t) => (
          <li key={t.slug} style={{ paddingLeft: `${Math.min(t.depth, 8) * 1.25}rem` }}>
            <PlainLink href={routes.topic(t.slug)}>{t.label}</PlainLink> <span className="count">{t.newsCount}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
