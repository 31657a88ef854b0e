import { siteName } from './config';

/**
 * The answer to a reader while there is no store yet (nothing ingested): 503, so that
 * search engines come back later rather than drop the pages, with what an operator must
 * do. Sent by proxy.ts and by the front server (lib/serving/front-server.ts) alike; the
 * store's file path goes to the operator's log, not to readers.
 */
export const UNAVAILABLE_STATUS = 503;
export const UNAVAILABLE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Retry-After': '60',
} as const;

export function storeMissingHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Not published yet · ${siteName()}</title>
<style>body{margin:0;font:17px/1.6 system-ui,sans-serif;background:#f7f8fa;color:#1b2430}main{max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#e6f2f2;padding:0 .25em;border-radius:4px}@media (prefers-color-scheme:dark){body{background:#11161c;color:#e6ebf0}code{background:#1f3436}}</style>
</head>
<body>
<main>
<h1>${siteName()} has no news published yet</h1>
<p>The curated news has not been built from its records. Please come back in a few minutes.</p>
<p>If you run this site: run <code>npm run ingest</code>. It reads the records in <code>content/</code> (<code>CONTENT_DIR</code>) and writes the store that <code>DATABASE_URL</code> names; the pages show as soon as it finishes, without a restart.</p>
</main>
</body>
</html>
`;
}
