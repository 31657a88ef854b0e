import { config } from '@/lib/config/env';
import { readPublishedMedia } from '@/lib/store/media-files';

/**
 * Images published with the store (lib/store/media.ts), by content digest. `npm run
 * serve` answers these itself from the folder (lib/serving/static-files.ts); this route
 * serves them under `next dev` and a bare `next start`.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const segments = (await params).path;
  const found = segments.length === 1 ? readPublishedMedia(config().mediaDir, segments[0]!) : null;
  if (!found) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(found.body), { headers: found.headers });
}
