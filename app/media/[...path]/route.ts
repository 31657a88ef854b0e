import { readMediaFile } from '@/lib/content/media';

/** Images stored beside the records in content/. */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const found = readMediaFile((await params).path);
  if (!found) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(found.body), {
    headers: {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened directly must not run script in the site's origin.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
