import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import PlainLink from '@/components/navigation/PlainLink';
import { KindFilterLinks } from '@/components/news/KindFilter';
import { NewsList } from '@/components/news/NewsList';
import { JsonLd } from '@/components/seo/JsonLd';
import { TopicChips } from '@/components/topics/TopicChips';
import { sectionPage } from '@/lib/pages/section';
import { kindChoiceLabel } from '@/lib/site/kinds';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { params: Promise<{ path: string[] }>; searchParams: Promise<{ page?: string | string[]; kind?: string | string[] }> };

/** The section's address: proxy.ts sends `/communities/pandemic` here as ['communities', 'pandemic']. */
async function load({ params, searchParams }: Props) {
  const { page, kind } = await searchParams;
  return sectionPage(`/${(await params).path.join('/')}`, page, kind);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const data = await load(props);
  if (!data) notFound();
  const { section, paging } = data;
  const kind = data.kinds?.current ?? null;
  const suffix = `${kind ? ` · ${kindChoiceLabel(kind)}` : ''}${paging.page > 1 ? `, page ${paging.page}` : ''}`;
  return pageMetadata({
    title: `${section.label}${suffix}`,
    description: `${section.label}: ${section.newsCount === 1 ? '1 curated item' : `${section.newsCount.toLocaleString('en')} curated items`} on digital health, newest first${suffix}.`,
    path: routes.section(section.path, paging.page, kind),
    feeds: { title: `${section.label}: latest news`, scope: { section: section.path } },
  });
}

export default async function SectionPage(props: Props) {
  const data = await load(props);
  if (!data) notFound();
  const { section, ancestors, children, topics, items, paging } = data;
  const kind = data.kinds?.current ?? null;
  const trail = [{ label: 'Home', href: routes.home() }, ...ancestors.map((a) => ({ label: a.label, href: routes.section(a.path) })), { label: section.label, href: null }];
  const path = routes.section(section.path, paging.page, kind);
  const parent = ancestors.at(-1);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage(section.label, path, items)]} />
      <Breadcrumbs trail={trail} />
      {parent ? <p className="eyebrow">{parent.label}</p> : null}
      <h1>{section.label}</h1>
      <p className="muted">{`${section.newsCount === 1 ? '1 curated item' : `${section.newsCount.toLocaleString('en')} curated items`}, newest first.`}</p>
      {children.length ? (
        <section aria-labelledby="sections">
          <h2 id="sections">{children.length === 1 ? 'Section' : 'Sections'}</h2>
          <ul className="topic-grid">
            {children.map((c) => (
              <li key={c.path}>
                <PlainLink href={routes.section(c.path)}>{c.label}</PlainLink> <span className="count">{c.newsCount.toLocaleString('en')}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="columns">
        <section aria-labelledby="latest">
          <h2 id="latest">{paging.page > 1 ? `Items, page ${paging.page}` : 'Latest'}</h2>
          <KindFilterLinks filter={data.kinds} href={(k) => routes.section(section.path, 1, k)} />
          <NewsList items={items} headingLevel={3} />
          <Pagination paging={paging} href={(p) => routes.section(section.path, p, kind)} />
        </section>
        {topics.length ? (
          <aside aria-labelledby="section-topics">
            <h2 id="section-topics" className="side-title">Topics</h2>
            <TopicChips topics={topics} />
          </aside>
        ) : null}
      </div>
    </>
  );
}
