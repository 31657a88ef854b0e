import { absoluteUrl } from '@/lib/site/config';
import { routes } from '@/lib/urls/pages';

export const dynamic = 'force-dynamic';

export function GET() {
  const body = ['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl(routes.sitemapIndex())}`, ''].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
