import type { ReactNode } from 'react';
import { Breadcrumbs, type Crumb } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { JsonLd } from '@/components/seo/JsonLd';
import type { PageImage } from '@/lib/pages/images';
import type { Paging } from '@/lib/pages/paging';
import { Picture } from '@/components/media/Picture';
import type { NewsSummary } from '@/lib/pages/summary';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';
import { NewsList } from './NewsList';

/** A paginated list of items under a heading: the shape of source and tag pages. */
export function ListingPage(props: { trail: Crumb[]; path: string; eyebrow: string; title: string; intro: ReactNode; items: NewsSummary[]; paging: Paging; pageHref: (page: number) => string; icon?: PageImage | null }) {
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
      <NewsList items={props.items} />
      <Pagination paging={props.paging} href={props.pageHref} />
    </>
  );
}
