import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import PlainLink from '@/components/navigation/PlainLink';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { NewsList } from '@/components/news/NewsList';
import { JsonLd } from '@/components/seo/JsonLd';
import { subjectPage } from '@/lib/pages/subject';
import { pageMetadata } from '@/lib/site/metadata';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';
import { routes } from '@/lib/urls/pages';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

const collections = (n: number) => (n === 1 ? 'one collection' : `${n} collections`);

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await subjectPage((await params).slug, (await searchParams).page);
  if (!data) notFound();
  const { owner: subject, paging } = data;
  const suffix = paging.page > 1 ? `, page ${paging.page}` : '';
  return pageMetadata({
    title: `${subject.name}${suffix}`,
    description: `Curated news on ${subject.name}: ${subject.newsCount} items from ${collections(subject.topics.length)} of topics, newest first${suffix}.`,
    path: routes.subject(subject.slug, paging.page),
  });
}

export default async function SubjectPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const data = await subjectPage(slug, (await searchParams).page);
  if (!data) notFound();
  const { owner: subject, items, paging } = data;
  const trail = [
    { label: 'Home', href: routes.home() },
    { label: 'Topics', href: routes.topics() },
    { label: subject.name, href: null },
  ];
  const path = routes.subject(slug, paging.page);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage(subject.name, path, items)]} />
      <Breadcrumbs trail={trail} />
      <h1>{subject.name}</h1>
      <p className="muted">{`${subject.newsCount === 1 ? '1 curated item' : `${subject.newsCount.toLocaleString('en')} curated items`} on ${subject.name}, newest first, whichever collection filed them.`}</p>
      <section aria-labelledby="subject-topics" className="topic-relations">
        <h2 id="subject-topics">{`${subject.name} in each collection`}</h2>
        <ul className="subject-topics">
          {subject.topics.map((t) => (
            <li key={t.slug}>
              <PlainLink href={routes.topic(t.slug)}>{t.name}</PlainLink> <span className="muted">{t.newsCount === 1 ? '1 item' : `${t.newsCount.toLocaleString('en')} items`}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="News">
        {items.length ? <NewsList items={items} /> : <p>No news on this subject yet.</p>}
        <Pagination paging={paging} href={(p) => routes.subject(slug, p)} />
      </section>
    </>
  );
}
