import { config } from '@/lib/config/env';
import { readPublishedMedia } from '@/lib/store/media';

/**
 * Images published with the store (lib/store/media.ts), by content digest: a name
 * never changes meaning, so browsers and caches keep it for a year.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const segments = (await params).path;
  const found = segments.length === 1 ? readPublishedMedia(config().mediaDir, segments[0]!) : null;
  if (!found) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(found.body), {
    headers: {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened directly must not run script in the site's origin.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
