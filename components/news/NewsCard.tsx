import { Picture } from '@/components/media/Picture';
import PlainLink from '@/components/navigation/PlainLink';
import type { NewsSummary } from '@/lib/pages/summary';
import { summaryText } from '@/lib/site/format';
import { kindLabel } from '@/lib/site/kinds';
import { routes } from '@/lib/urls/pages';
import { NewsDate } from './NewsDate';
import { SourceLabel } from './SourceLabel';

/** Another publisher's item on the same story: its source's name, and its page. */
export interface Coverage {
  name: string;
  href: string;
}

type Heading = 'h2' | 'h3';

/**
 * One item as a card: its title (the link to its page), its kind when it is not an
 * article ("Video"), its source and date, and the editor's summary; a thumbnail when its
 * image is published. `alsoCoveredBy` lists other publishers of the same story
 * (lib/pages/home.ts groups the newest items into stories).
 */
export function NewsCard({ item, heading, alsoCoveredBy = [] }: { item: NewsSummary; heading: Heading; alsoCoveredBy?: Coverage[] }) {
  const Title = heading;
  return (
    <li className={item.image ? 'news-card news-card--pictured' : 'news-card'}>
      {item.image ? <Picture className="news-card__image" image={item.image} sizes="(min-width: 640px) 9rem, 4.5rem" /> : null}
      <Title className="news-card__title">
        <PlainLink href={routes.news(item.slug)}>{item.title}</PlainLink>
      </Title>
      <ItemMeta item={item} className="news-card__meta" />
      {item.description ? <p className="news-card__summary clamp">{summaryText(item.description)}</p> : null}
      <CoveredBy coverage={alsoCoveredBy} />
    </li>
  );
}

/** The lead story: a large picture, the title, the summary. */
export function LeadStory({ item, heading, alsoCoveredBy = [] }: { item: NewsSummary; heading: Heading; alsoCoveredBy?: Coverage[] }) {
  const Title = heading;
  return (
    <article className={item.image ? 'lead-story lead-story--pictured' : 'lead-story'}>
      {item.image ? <Picture className="lead-story__image" image={item.image} sizes="(min-width: 1100px) 26rem, (min-width: 700px) 45vw, 100vw" eager /> : null}
      <div className="lead-story__text">
        <Title className="lead-story__title">
          <PlainLink href={routes.news(item.slug)}>{item.title}</PlainLink>
        </Title>
        <ItemMeta item={item} className="news-card__meta" />
        {item.description ? <p className="lead-story__summary clamp">{summaryText(item.description)}</p> : null}
        <CoveredBy coverage={alsoCoveredBy} />
      </div>
    </article>
  );
}

/** Headlines: title and a line of kind, source and date; the summary only where there is room (wide screens). */
export function Headlines({ items, heading, summaries = false, coverage = {} }: { items: NewsSummary[]; heading: Heading; summaries?: boolean; coverage?: Record<number, Coverage[]> }) {
  const Title = heading;
  return (
    <ol className="headlines">
      {items.map((item) => (
        <li key={item.slug} className="headline">
          <Title className="headline__title">
            <PlainLink href={routes.news(item.slug)}>{item.title}</PlainLink>
          </Title>
          <ItemMeta item={item} className="headline__meta" plainSource />
          {summaries && item.description ? <p className="headline__summary clamp">{summaryText(item.description)}</p> : null}
          <CoveredBy coverage={coverage[item.id] ?? []} />
        </li>
      ))}
    </ol>
  );
}

/** The river: time · source · title, one line each where it fits. */
export function River({ items }: { items: NewsSummary[] }) {
  return (
    <ol className="river">
      {items.map((item) => (
        <li key={item.slug}>
          <NewsDate date={item.date} short />
          {item.source ? <span className="river__source">{item.source.title || item.source.brand}</span> : null}
          <PlainLink href={routes.news(item.slug)}>{item.title}</PlainLink>
        </li>
      ))}
    </ol>
  );
}

function ItemMeta({ item, className, plainSource = false }: { item: NewsSummary; className: string; plainSource?: boolean }) {
  const kind = kindLabel(item.kind);
  return (
    <p className={className}>
      {kind ? <span className="kind-label">{kind}</span> : null}
      {item.source ? plainSource ? <span>{item.source.title || item.source.brand}</span> : <SourceLabel brand={item.source.brand} title={item.source.title} /> : null}
      <NewsDate date={item.date} />
    </p>
  );
}

function CoveredBy({ coverage }: { coverage: Coverage[] }) {
  if (!coverage.length) return null;
  return (
    <p className="covered-by">
      Also covered by{' '}
      {coverage.map((c, i) => (
        <span key={c.href}>
          {i > 0 ? ', ' : null}
          <PlainLink href={c.href}>{c.name}</PlainLink>
        </span>
      ))}
    </p>
  );
}
