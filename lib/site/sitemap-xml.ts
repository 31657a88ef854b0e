import { absoluteUrl } from './config';

/** XML text and attribute escaping (the five predefined entities). */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** A sitemaps.org `<urlset>`. */
export function urlsetXml(entries: { path: string; lastModified: Date }[]): string {
  const urls = entries.map((e) => `<url><loc>${escapeXml(absoluteUrl(e.path))}</loc><lastmod>${e.lastModified.toISOString()}</lastmod></url>`);
  return `${HEADER}<urlset xmlns="${NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/** A sitemaps.org `<sitemapindex>`. */
export function sitemapIndexXml(sitemaps: { path: string; lastModified: Date }[]): string {
  const items = sitemaps.map((s) => `<sitemap><loc>${escapeXml(absoluteUrl(s.path))}</loc><lastmod>${s.lastModified.toISOString()}</lastmod></sitemap>`);
  return `${HEADER}<sitemapindex xmlns="${NS}">\n${items.join('\n')}\n</sitemapindex>\n`;
}
