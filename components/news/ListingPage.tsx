import type { ReactNode } from 'react';
import { Breadcrumbs, type Crumb } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { JsonLd } from '@/components/seo/JsonLd';
import type { PageImage } from '@/lib/pages/images';
import type { Paging } from '@/lib/pages/paging';
import { Picture } from '@/components/media/Picture';
import { TopicChips } from '@/components/topics/TopicChips';
import type { NewsSummary } from '@/lib/pages/summary';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';
import type { KindFilter } from '@/lib/pages/kinds';
import type { KindParam } from '@/lib/urls/pages';
import { KindFilterLinks } from './KindFilter';
import { NewsList } from './NewsList';

/**
 * A paginated list of items under a heading: the shape of source and tag pages. On wide
 * screens the topics its latest items are about stand in a second column.
 */
export function ListingPage(props: {
  trail: Crumb[];
  path: string;
  eyebrow: string;
  title: string;
  intro: ReactNode;
  items: NewsSummary[];
  paging: Paging;
  pageHref: (page: number) => string;
  icon?: PageImage | null;
  topics?: { slug: string; collection: string; label: string; count: number }[];
  /** The listing's kinds, and where each leads (null: the listing does not narrow by kind). */
  kinds?: KindFilter | null;
  kindHref?: (kind: KindParam | null) => string;
}) {
  const topics = props.topics ?? [];
  return (
    <>
      <JsonLd data={[breadcrumbList(props.trail, props.path), collectionPage(props.title, props.path, props.items)]} />
      <Breadcrumbs trail={props.trail} />
      <p className="eyebrow">{props.eyebrow}</p>
      {props.icon ? (
        <h1>
          <Picture className="source-icon" image={props.icon} sizes="32px" eager /> {props.title}
        </h1>
      ) : (
        <h1>{props.title}</h1>
      )}
      <p className="muted">{props.intro}</p>
      <div className="columns">
        <section aria-label="News">
          {props.kindHref ? <KindFilterLinks filter={props.kinds ?? null} href={props.kindHref} /> : null}
          <NewsList items={props.items} />
          <Pagination paging={props.paging} href={props.pageHref} />
        </section>
        {topics.length ? (
          <aside aria-labelledby="listing-topics">
            <h2 id="listing-topics" className="side-title">What these items are about</h2>
            <TopicChips topics={topics} />
          </aside>
        ) : null}
      </div>
    </>
  );
}
