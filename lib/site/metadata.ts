import type { Metadata } from 'next';
import { absoluteUrl, siteName } from './config';
import { routes, type FeedFormat } from '../urls/pages';

export interface PageFacts {
  title: string;
  description: string;
  /** Path of the canonical URL, with `?page=N` past the first page. */
  path: string;
  /** Thin pages (a topic with no items) stay out of search results. */
  noindex?: boolean;
  /** Feeds offered on the page, for autodiscovery. */
  feeds?: { title: string; scope?: { topic: string } | { offering: string } | { section: string } };
  image?: { url: string; width?: number | null; height?: number | null; alt?: string } | null;
  article?: { publishedTime: Date; modifiedTime: Date | null; authors: string[]; tags: string[] };
  /** Open Graph / Twitter values an editor set on the record; they win over the defaults. */
  social?: Record<string, string>;
}

const FEED_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };
const FEED_TYPES: Record<FeedFormat, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

/** Title, description, canonical URL, Open Graph, Twitter card, robots and feed links of a page. */
export function pageMetadata(page: PageFacts): Metadata {
  const url = absoluteUrl(page.path);
  const social = page.social ?? {};
  const ogTitle = social.ogtitle ?? page.title;
  const ogDescription = social.ogdescription ?? page.description;
  const imageUrl = social.ogimage ?? page.image?.url;
  const images = imageUrl
    ? [{ url: imageUrl, ...(page.image && imageUrl === page.image.url ? { width: page.image.width ?? undefined, height: page.image.height ?? undefined, alt: page.image.alt } : {}) }]
    : undefined;
  const feeds = page.feeds;
  return {
    title: page.title,
    description: page.description,
    alternates: {
      canonical: url,
      ...(feeds
        ? {
            types: Object.fromEntries(
              (Object.keys(FEED_TYPES) as FeedFormat[]).map((f) => [FEED_TYPES[f], [{ url: absoluteUrl(routes.feed(f, feeds.scope)), title: `${feeds.title} (${FEED_NAMES[f]})` }]]),
            ),
          }
        : {}),
    },
    robots: page.noindex ? { index: false, follow: true } : { index: true, follow: true },
    openGraph: {
      type: page.article ? 'article' : 'website',
      siteName: siteName(),
      locale: 'en_US',
      url,
      title: ogTitle,
      description: ogDescription,
      ...(images ? { images } : {}),
      ...(page.article
        ? {
            publishedTime: page.article.publishedTime.toISOString(),
            modifiedTime: (page.article.modifiedTime ?? page.article.publishedTime).toISOString(),
            authors: page.article.authors,
            tags: page.article.tags,
          }
        : {}),
    },
    twitter: {
      card: (social.twittercard as 'summary' | 'summary_large_image' | undefined) ?? (images ? 'summary_large_image' : 'summary'),
      title: social.twittertitle ?? ogTitle,
      description: social.twitterdescription ?? ogDescription,
      ...(social.twitterimage ?? imageUrl ? { images: [social.twitterimage ?? imageUrl!] } : {}),
    },
  };
}
