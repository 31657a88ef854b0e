import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Picture } from '@/components/media/Picture';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { NewsList } from '@/components/news/NewsList';
import { TopicChips } from '@/components/topics/TopicChips';
import { JsonLd } from '@/components/seo/JsonLd';
import { offeringPage } from '@/lib/pages/offering';
import { absoluteUrl } from '@/lib/site/config';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage, offeringProduct } from '@/lib/site/structured-data';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

/** The names readers know the links by. */
const LINK_NAMES: Record<string, string> = { website: 'Website', facebook: 'Facebook', twitter: 'X (Twitter)', linkedin: 'LinkedIn', instagram: 'Instagram', github: 'GitHub', youtube: 'YouTube' };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const data = await offeringPage((await params).slug, (await searchParams).page);
  if (!data) notFound();
  const { offering, paging } = data;
  const profile = offering.profile;
  const about = profile?.shortDescription ?? `Digital-health news that relates to ${offering.label}`;
  return pageMetadata({
    title: paging.page > 1 ? `${offering.label}, page ${paging.page}` : offering.label,
    description: profile?.vendor ? `${offering.label} by ${profile.vendor}: ${about}` : `${about}: ${offering.newsCount} curated ${offering.newsCount === 1 ? 'item' : 'items'}.`,
    path: routes.offering(offering.slug, paging.page),
    feeds: { title: `${offering.label}: latest news`, scope: { offering: offering.slug } },
    image: profile?.image ? { url: absoluteUrl(profile.image.src), width: profile.image.width, height: profile.image.height, alt: profile.image.alt } : null,
  });
}

export default async function OfferingPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const data = await offeringPage(slug, (await searchParams).page);
  if (!data) notFound();
  const { offering, topics, items, paging } = data;
  const profile = offering.profile;
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Offerings', href: routes.offerings() }, { label: offering.label, href: null }];
  const path = routes.offering(slug, paging.page);
  const links = profile ? Object.entries(profile.links).filter(([name]) => LINK_NAMES[name]) : [];
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), ...(profile ? [offeringProduct(offering, profile, topics)] : []), collectionPage(offering.label, path, items)]} />
      <Breadcrumbs trail={trail} />
      <header className={profile?.logo ? 'profile' : undefined}>
        {profile?.logo ? <Picture className="profile__logo" image={profile.logo} sizes="96px" eager /> : null}
        <div>
          <p className="eyebrow">{profile?.offeringType ?? 'Offering'}</p>
          <h1>{offering.label}</h1>
          {profile?.vendor ? <p className="profile__facts">by {profile.vendor}</p> : null}
          {profile?.shortDescription ? <p className="lead">{profile.shortDescription}</p> : null}
        </div>
      </header>
      {links.length ? (
        <ul className="chips" aria-label={`${offering.label} elsewhere`}>
          {links.map(([name, href]) => (
            <li key={name}>
              <a className="chip" href={href} rel="nofollow noopener">
                {LINK_NAMES[name]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {profile?.image ? <Picture className="profile__image" image={profile.image} sizes="(min-width: 46rem) 46rem, 100vw" /> : null}
      {profile?.bodyHtml ? <div className="prose news-item" dangerouslySetInnerHTML={{ __html: profile.bodyHtml }} /> : null}
      {topics.length ? (
        <section aria-labelledby="topics">
          <h2 id="topics">Topics</h2>
          <TopicChips topics={topics} />
        </section>
      ) : null}
      <section aria-labelledby="news">
        <h2 id="news">{profile ? `News on ${offering.label} and its topics` : `News about ${offering.label}`}</h2>
        {items.length ? <NewsList items={items} headingLevel={3} /> : <p>No curated news yet.</p>}
        <Pagination paging={paging} href={(p) => routes.offering(slug, p)} />
      </section>
    </>
  );
}
