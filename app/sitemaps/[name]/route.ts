import { sitemapEntries } from '@/lib/pages/sitemap';
import { urlsetXml } from '@/lib/site/sitemap-xml';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const entries = name.endsWith('.xml') ? await sitemapEntries(name.slice(0, -4)) : null;
  if (!entries) return new Response('No such sitemap\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(urlsetXml(entries), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
