import { sitemapIndex } from '@/lib/pages/sitemap';
import { routes } from '@/lib/urls/pages';
import { sitemapIndexXml } from '@/lib/site/sitemap-xml';

export const dynamic = 'force-dynamic';

export async function GET() {
  const sitemaps = await sitemapIndex();
  const xml = sitemapIndexXml(sitemaps.map((s) => ({ path: routes.sitemap(s.name), lastModified: s.lastModified })));
  return new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
