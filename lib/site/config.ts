export const SITE_NAME = 'Digital Health Curated';
export const SITE_TAGLINE = 'Digital-health news from the WHO, Healthcare IT News, HIMSS and more, curated by topic.';

/** The public origin when SITE_URL is not set in production (it never is localhost there). */
export const DEFAULT_SITE_URL = 'https://digitalhealthcurated.org';

/**
 * Origin of canonical URLs, sitemaps and feeds: SITE_URL (e.g. https://news.example.org),
 * or http://localhost:3000 in development, or DEFAULT_SITE_URL.
 */
export function siteUrl(): string {
  const configured = process.env.SITE_URL?.trim();
  if (configured && /^https?:\/\/[^/\s]+/i.test(configured)) return new URL(configured).origin;
  return process.env.NODE_ENV === 'development' ? `http://localhost:${process.env.PORT ?? 3000}` : DEFAULT_SITE_URL;
}

export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl()).toString();
}
