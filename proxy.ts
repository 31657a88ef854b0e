import fs from 'node:fs';
import path from 'node:path';
import { NextResponse, type NextRequest } from 'next/server';
import { config as siteConfig } from '@/lib/config/env';
import { resolveRoute } from '@/lib/pages/resolve';
import { pageKeys } from '@/lib/pages/cache-keys';
import { pageCacheControl, UNPURGEABLE_CACHE_SECONDS, isNotModified, pageValidators, pageVariant, surrogateKeyHeaders } from '@/lib/site/http-cache';
import { cacheKey } from '@/lib/store/cache-keys';
import { storeMissingHtml, UNAVAILABLE_HEADERS, UNAVAILABLE_STATUS } from '@/lib/site/unavailable';
import { routing } from '@/lib/store/queries/routing';

// The build's id goes into every ETag, so a deploy invalidates cached pages too.
const BUILD_ID = readBuildId();
let warnedMissing = false;

/**
 * Runs before every page: redirects (old addresses from records' `aliases`, the
 * trailing-slash form and a section's other spellings, all 301), sections rendered at
 * their own address, the site's 404 page for anything that does not exist, and HTTP
 * validators (ETag, Last-Modified, 304) from the store's version.
 */
export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const resolution = resolveRoute(pathname, searchParams);

  if (resolution.kind === 'redirect') {
    // Old addresses: they change with any record (its aliases), like the listings. Next.js
    // sends a Location on the request's own origin as a path (tests/e2e/seo.test.ts), so a
    // shared cache keeps one redirect for every host name a request may claim.
    const moved = NextResponse.redirect(new URL(resolution.location, request.url), 301);
    for (const [name, value] of Object.entries(surrogateKeyHeaders([cacheKey.site, cacheKey.lists]))) moved.headers.set(name, value);
    return moved;
  }
  if (resolution.kind === 'not-found') {
    // No route matches this path, so Next.js serves app/not-found.tsx with status 404.
    return NextResponse.rewrite(new URL('/_no-such-page', request.url));
  }
  // TRACE would echo the request back, cookies included; Next.js answers it with a 500.
  if (request.method === 'TRACE' || request.method === 'TRACK') return new NextResponse(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
  // The editor is private and per person: never kept by a browser or a shared cache, never
  // framed by another site, and running only the scripts this response names (a nonce
  // Next.js puts on its own scripts).
  if (isPrivate(pathname)) return privateResponse(request);
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();

  const stamp = routing.stamp();
  if (!stamp) {
    // Nothing ingested yet: say so (503, lib/site/unavailable.ts) rather than fail to render.
    if (!warnedMissing) console.error(`proxy: no store at ${siteConfig().databaseFile}: run \`npm run ingest\` to build it`);
    warnedMissing = true;
    return new NextResponse(storeMissingHtml(), { status: UNAVAILABLE_STATUS, headers: UNAVAILABLE_HEADERS });
  }
  const now = Date.now();
  const validators = pageValidators(stamp, BUILD_ID, pageVariant(request.headers), now);
  const headers = {
    ETag: validators.etag,
    'Last-Modified': validators.lastModified,
    'Cache-Control': pageCacheControl(now),
    'X-Accel-Expires': UNPURGEABLE_CACHE_SECONDS,
    ...surrogateKeyHeaders(pageKeys(pathname)),
  };
  if (isNotModified(request.headers, validators)) return new NextResponse(null, { status: 304, headers });

  let response: NextResponse;
  if (resolution.kind === 'rewrite') {
    // A section: rendered by the app's section route, at the records' own address.
    const target = request.nextUrl.clone();
    target.pathname = resolution.location;
    response = NextResponse.rewrite(target);
  } else {
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but build assets and stored images.
  matcher: ['/((?!_next/|media/|favicon\\.ico$).*)'],
};

function privateResponse(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Next.js inlines the editor's stylesheet.
    "style-src 'self' 'unsafe-inline'",
    // The inbox shows feed items' images from their publishers (sent with no referrer).
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Cache-Control', 'private, no-store');
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
}

function isPrivate(pathname: string): boolean {
  return pathname === '/editor' || pathname.startsWith('/editor/') || pathname.startsWith('/api/');
}

function readBuildId(): string {
  try {
    return fs.readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return 'dev';
  }
}
