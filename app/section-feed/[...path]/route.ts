import { feedResponse } from '@/lib/site/feeds';

export const dynamic = 'force-dynamic';

/** A section's feeds, at `<section>/rss.xml` etc. (proxy.ts sends them here). */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const segments = (await params).path;
  return feedResponse({ kind: 'section', path: `/${segments.slice(0, -1).join('/')}` }, segments.at(-1)!);
}
