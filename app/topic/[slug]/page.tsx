import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { KindFilterLinks } from '@/components/news/KindFilter';
import { NewsList } from '@/components/news/NewsList';
import { OfferingCards } from '@/components/offerings/OfferingCards';
import { JsonLd } from '@/components/seo/JsonLd';
import { TopicChips } from '@/components/topics/TopicChips';
import { slugify } from '@/lib/content/slug';
import { topicPage } from '@/lib/pages/topic';
import { kindChoiceLabel } from '@/lib/site/kinds';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[]; kind?: string | string[] }> };

async function load({ params, searchParams }: Props) {
  const { page, kind } = await searchParams;
  return topicPage((await params).slug, page, kind);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const data = await load(props);
  if (!data) notFound();
  const { topic, paging } = data;
  const kind = data.kinds?.current ?? null;
  const suffix = `${kind ? ` · ${kindChoiceLabel(kind)}` : ''}${paging.page > 1 ? `, page ${paging.page}` : ''}`;
  return pageMetadata({
    title: `${topic.label} (${topic.collection})${suffix}`,
    description: topic.description
      ? `${topic.description.slice(0, 150)}${topic.description.length > 150 ? '…' : ''}`
      : topic.newsCount > 0
        ? `Curated news on ${topic.label}, a ${topic.collection} topic: ${topic.newsCount} items, newest first${suffix}.`
        : `${topic.label}, a ${topic.collection} topic, and the offerings in it.`,
    path: routes.topic(topic.slug, paging.page, kind),
    // A topic known only from offerings has no news yet: nothing for a search engine to index.
    noindex: topic.newsCount === 0,
    feeds: { title: `${topic.name}: latest news`, scope: { topic: topic.slug } },
  });
}

export default async function TopicPage(props: Props) {
  const data = await load(props);
  if (!data) notFound();
  const { topic, items, offerings, ancestors, children, equivalents, subject, paging } = data;
  const slug = topic.slug;
  const kind = data.kinds?.current ?? null;
  // Home › Topics › Collection › … › Topic, along the taxonomy.
  const trail = [
    { label: 'Home', href: routes.home() },
    { label: 'Topics', href: routes.topics() },
    { label: topic.collection, href: routes.collection(slugify(topic.collection)) },
    ...ancestors.map((a) => ({ label: a.label, href: routes.topic(a.slug) })),
    { label: topic.label, href: null },
  ];
  const path = routes.topic(slug, paging.page, kind);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage(topic.name, path, items)]} />
      <Breadcrumbs trail={trail} />
      <p className="eyebrow">{topic.collection}</p>
      <h1>{topic.label}</h1>
      {topic.description ? (
        <div className="topic-description">
          {topic.description.split(/\n+/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      ) : null}
      {topic.newsCount > 0 ? <p className="muted">{`${topic.newsCount === 1 ? '1 curated item' : `${topic.newsCount.toLocaleString('en')} curated items`}, newest first.`}</p> : null}
      {subject ? (
        <p className="subject-link">
          {`${topic.collection} files these under ${topic.label}; ${subject.collections} collections name the subject. `}
          <PlainLink href={routes.subject(subject.slug)}>{`All ${subject.newsCount.toLocaleString('en')} items on ${subject.name} →`}</PlainLink>
        </p>
      ) : null}
      {ancestors.length || children.length || equivalents.length ? (
        <section aria-label="Related topics" className="topic-relations">
          {ancestors.length ? (
            <p>
              Part of <PlainLink href={routes.topic(ancestors.at(-1)!.slug)}>{ancestors.at(-1)!.label}</PlainLink>
            </p>
          ) : null}
          {children.length ? (
            <>
              <h2>Narrower topics</h2>
              <TopicChips topics={children} />
            </>
          ) : null}
          {equivalents.length ? (
            <>
              <h2>The same topic in other collections</h2>
              <TopicChips topics={equivalents} />
            </>
          ) : null}
        </section>
      ) : null}
      <div className="columns">
        <section aria-label="News">
          <KindFilterLinks filter={data.kinds} href={(k) => routes.topic(slug, 1, k)} />
          {items.length ? <NewsList items={items} /> : <p>No news in this topic yet.</p>}
          <Pagination paging={paging} href={(p) => routes.topic(slug, p, kind)} />
        </section>
        {offerings.length ? (
          <aside aria-labelledby="offerings">
            <h2 id="offerings">Offerings in this topic</h2>
            <OfferingCards offerings={offerings} headingLevel={3} />
          </aside>
        ) : null}
      </div>
    </>
  );
}
