import type { Metadata } from 'next';
import PlainLink from '@/components/navigation/PlainLink';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { KindFilterLinks } from '@/components/news/KindFilter';
import { NewsDate } from '@/components/news/NewsDate';
import { FilterSelect } from '@/components/search/FilterSelect';
import { TextRuns } from '@/components/search/TextRuns';
import { searchPage } from '@/lib/pages/search';
import { searchRequest, type SearchRequest } from '@/lib/search/query';
import { summaryText } from '@/lib/site/format';
import { routes } from '@/lib/urls/pages';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = searchRequest(await searchParams);
  // Result pages are for readers, not for search engines' indexes.
  return { title: q ? `Search: ${q}` : 'Search', description: 'Search the curated digital-health news.', robots: { index: false, follow: true } };
}

function searchHref(request: SearchRequest, page: number): string {
  const params = new URLSearchParams({ q: request.q });
  if (request.topic) params.set('topic', request.topic);
  if (request.source) params.set('source', request.source);
  if (request.year) params.set('year', String(request.year));
  if (request.kind) params.set('kind', request.kind);
  if (page > 1) params.set('page', String(page));
  return routes.search(params);
}

export default async function Search({ searchParams }: Props) {
  const request = searchRequest(await searchParams);
  const data = await searchPage(request);
  const options = data?.options;
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Home', href: routes.home() }, { label: 'Search', href: null }]} />
      <h1>Search</h1>
      <form action={routes.search()} method="get" className="search-form">
        <div className="search-form__query">
          <label htmlFor="search-q">Words to find</label>
          <input id="search-q" type="search" name="q" defaultValue={request.q} maxLength={200} />
        </div>
        {options ? (
          <>
            <FilterSelect id="search-topic" name="topic" label="Topic" any="Any topic" value={request.topic ?? ''} choices={options.topics.map((t) => ({ value: t.slug, label: t.name }))} />
            <FilterSelect id="search-source" name="source" label="Source" any="Any source" value={request.source ?? ''} choices={options.sources.map((s) => ({ value: s.slug, label: s.brand }))} />
            <FilterSelect id="search-year" name="year" label="Year" any="Any year" value={request.year ? String(request.year) : ''} choices={options.years.map((y) => ({ value: String(y), label: String(y) }))} />
          </>
        ) : null}
        <button type="submit">Search</button>
      </form>

      {!data ? (
        <p className="muted">Type a few words: a title, a topic, a publisher or an offering.</p>
      ) : data.results.length === 0 ? (
        <section className="no-results" aria-live="polite">
          <h2>{data.paging.total === 0 ? `Nothing found for “${request.q}”` : 'No more results'}</h2>
          <ul>
            <li>Check the spelling, or use fewer or more general words.</li>
            {request.topic || request.source || request.year || request.kind ? (
              <li>
                <PlainLink href={searchHref({ q: request.q, page: 1 }, 1)}>Search again without the filters</PlainLink>.
              </li>
            ) : null}
            <li>
              Browse <PlainLink href={routes.topics()}>all topics</PlainLink> or <PlainLink href={routes.newsList()}>the latest news</PlainLink>.
            </li>
          </ul>
        </section>
      ) : (
        <section aria-labelledby="results">
          <h2 id="results" className="muted">
            {data.totalIsCapped ? `More than ${data.paging.total.toLocaleString('en')} results` : data.paging.total === 1 ? '1 result' : `${data.paging.total.toLocaleString('en')} results`}
          </h2>
          <KindFilterLinks filter={data.kinds} href={(kind) => searchHref({ ...request, kind: kind ?? undefined }, 1)} />
          <ol className="news-list">
            {data.results.map((r) => (
              <li key={r.slug} className="news-card">
                <h3 className="news-card__title">
                  <PlainLink href={routes.news(r.slug)}>
                    <TextRuns runs={r.title} />
                  </PlainLink>
                </h3>
                <p className="news-card__meta">
                  {r.source ? <span className="source-label">{r.source}</span> : null}
                  <NewsDate date={r.date} />
                </p>
                <p className="news-card__summary">{r.snippet ? <TextRuns runs={r.snippet} /> : r.description ? summaryText(r.description) : null}</p>
              </li>
            ))}
          </ol>
          <Pagination paging={data.paging} href={(p) => searchHref(request, p)} />
        </section>
      )}
    </>
  );
}
