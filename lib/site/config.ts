import { config } from '../config/env';

export const SITE_NAME = 'Digital Health Curated';
export const SITE_TAGLINE = 'Digital-health news from the WHO, Healthcare IT News, HIMSS and more, curated by topic.';

/** Origin of canonical URLs, sitemaps and feeds (SITE_URL, lib/config/env.ts). */
export function siteUrl(): string {
  return config().siteUrl;
}

export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl()).toString();
}
