import { NextResponse, type NextRequest } from 'next/server';
import { resolveRoute } from '@/lib/pages/resolve';

/** Answers requests for pages that do not exist with the site's 404 page, before rendering. */
export function proxy(request: NextRequest) {
  const resolution = resolveRoute(request.nextUrl.pathname, request.nextUrl.searchParams);
  if (resolution.kind === 'not-found') {
    // No route matches this path, so Next.js serves app/not-found.tsx with status 404.
    return NextResponse.rewrite(new URL('/_no-such-page', request.url));
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/news', '/news/:slug', '/topic/:slug', '/offering/:slug'],
};
