import { config } from '../config/env';

/** What the site calls itself (SITE_NAME, lib/config/env.ts). */
export function siteName(): string {
  return config().site.name;
}

/** Origin of canonical URLs, sitemaps and feeds (SITE_URL, lib/config/env.ts). */
export function siteUrl(): string {
  return config().siteUrl;
}

export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl()).toString();
}

/** SITE_NAME, SITE_TAGLINE and SITE_DESCRIPTION as configured (null: derived from the content on the home page, lib/site/identity.ts). */
export function siteSettings(): { name: string; tagline: string | null; description: string | null } {
  return config().site;
}
