import { absoluteUrl, siteName } from './config';
import type { EventDetails } from '../content/event';
import { routes } from '../urls/pages';
import type { VideoDetails } from '../content/video';

/** schema.org objects for JSON-LD. */
export type JsonLd = Record<string, unknown>;

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are escaped so
 * that no title (e.g. one containing `</script>`) can end the script element, and
 * U+2028/2029 so that old parsers do not choke.
 */
export function serializeJsonLd(data: JsonLd | JsonLd[]): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The visible trail as a BreadcrumbList: each step that is a page here at its canonical
 * URL, the current page last. A step shown as text (an external address, `'#'`) has no
 * page of ours to name, so it is left out rather than given a wrong URL.
 */
export function breadcrumbList(trail: { label: string; href: string | null }[], currentPath: string): JsonLd {
  const steps = trail.filter((crumb, i) => i === trail.length - 1 || crumb.href !== null);
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: steps.map((crumb, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: crumb.label,
      item: absoluteUrl(i === steps.length - 1 ? currentPath : crumb.href!),
    })),
  };
}

export interface ArticleFacts {
  slug: string;
  title: string;
  description: string | null;
  date: Date;
  lastMod: Date | null;
  url: string;
  source: { brand: string } | null;
  authors: { name: string }[];
  image: string | null;
  topics: { name: string }[];
}

export function newsArticle(item: ArticleFacts): JsonLd {
  const url = absoluteUrl(routes.news(item.slug));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: item.title.length > 110 ? `${item.title.slice(0, 109)}…` : item.title,
    ...(item.description ? { description: item.description } : {}),
    datePublished: item.date.toISOString(),
    dateModified: (item.lastMod ?? item.date).toISOString(),
    author: item.authors.length ? item.authors.map((a) => ({ '@type': 'Person', name: a.name })) : [{ '@type': 'Organization', name: siteName() }],
    publisher: { '@type': 'Organization', name: siteName(), url: absoluteUrl('/') },
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    // The article this item curates; none for the site's own writing (a post, an
    // infographic: its `url` is its own page), and no publisher without a name.
    ...(/^https?:\/\//i.test(item.url)
      ? { isBasedOn: { '@type': 'CreativeWork', url: item.url, ...(item.source?.brand ? { publisher: { '@type': 'Organization', name: item.source.brand } } : {}) } }
      : {}),
    ...(item.image ? { image: [item.image] } : {}),
    ...(item.topics.length ? { keywords: item.topics.map((t) => t.name).join(', ') } : {}),
  };
}

/**
 * An item's video as a VideoObject (what search engines show as a video result): its
 * still is the item's own published image, else the provider's known still address (data
 * only: the page never loads it); the upload date is the item's.
 */
export function videoObject(item: { slug: string; title: string; description: string | null; date: Date; image: string | null; video: VideoDetails }): JsonLd {
  const thumbnail = item.image ?? item.video.thumbnailUrl;
  return {
    '@context': 'https://schema.org',
    '@type': 'VideoObject',
    name: item.title,
    description: item.description ?? item.title,
    ...(thumbnail ? { thumbnailUrl: [thumbnail] } : {}),
    uploadDate: item.date.toISOString(),
    embedUrl: item.video.embedUrl,
    url: item.video.url,
    mainEntityOfPage: absoluteUrl(routes.news(item.slug)),
  };
}

/** Topic, offering and listing pages: a collection of the items on this page. */
export function collectionPage(name: string, path: string, items: { slug: string; title: string }[], description?: string): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    name,
    ...(description ? { description } : {}),
    url: absoluteUrl(path),
    isPartOf: { '@type': 'WebSite', name: siteName(), url: absoluteUrl('/') },
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: items.length,
      itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, url: absoluteUrl(routes.news(item.slug)), name: item.title })),
    },
  };
}

/** An offering with a profile: a Product (software or service), its vendor as brand and manufacturer. */
export function offeringProduct(
  offering: { slug: string; label: string },
  profile: { vendor: string | null; offeringType: string | null; shortDescription: string | null; links: Record<string, string>; logo: { src: string } | null; image: { src: string } | null },
  topics: { name: string }[],
): JsonLd {
  const images = [profile.image, profile.logo].filter((i): i is { src: string } => i !== null).map((i) => absoluteUrl(i.src));
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: offering.label,
    url: absoluteUrl(routes.offering(offering.slug)),
    ...(profile.shortDescription ? { description: profile.shortDescription } : {}),
    ...(profile.vendor ? { brand: { '@type': 'Brand', name: profile.vendor }, manufacturer: { '@type': 'Organization', name: profile.vendor } } : {}),
    ...(profile.offeringType ? { category: profile.offeringType } : {}),
    ...(images.length ? { image: images } : {}),
    ...(Object.keys(profile.links).length ? { sameAs: Object.values(profile.links) } : {}),
    ...(topics.length ? { keywords: topics.map((t) => t.name).join(', ') } : {}),
  };
}

export interface EventFacts {
  slug: string;
  title: string;
  description: string | null;
  /** The event's own page (the organiser's), which the item curates. */
  url: string;
  image: string | null;
  event: EventDetails;
}

/**
 * An event item: a schema.org Event (Google's event rich results read name, startDate,
 * endDate, eventStatus, eventAttendanceMode and location). Null for an event with no
 * date: an Event without startDate is not one search engines accept.
 */
export function eventJsonLd(item: EventFacts): JsonLd | null {
  const e = item.event;
  if (!e.start) return null;
  const mode = e.online === true ? (e.place ? 'MixedEventAttendanceMode' : 'OnlineEventAttendanceMode') : 'OfflineEventAttendanceMode';
  const locations: JsonLd[] = [];
  if (e.place) locations.push({ '@type': 'Place', name: e.place, address: e.place });
  if (e.online) locations.push({ '@type': 'VirtualLocation', url: item.url });
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: item.title,
    startDate: e.start,
    ...(e.end ? { endDate: e.end } : {}),
    eventStatus: `https://schema.org/${e.cancelled ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `https://schema.org/${mode}`,
    ...(locations.length ? { location: locations.length === 1 ? locations[0] : locations } : {}),
    url: absoluteUrl(routes.news(item.slug)),
    sameAs: item.url,
    ...(item.description ? { description: item.description } : {}),
    ...(item.image ? { image: [item.image] } : {}),
    ...(e.recordingUrl ? { recordedIn: { '@type': 'CreativeWork', url: e.recordingUrl } } : {}),
  };
}
