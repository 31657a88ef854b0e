import { Feed } from 'feed';
import { feedData, type FeedScope } from '../pages/feed';
import { SITE_NAME, absoluteUrl } from './config';
import { FEED_FILES, routes, type FeedFormat } from './routes';
import { escapeXml } from './sitemap-xml';

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

function feedFormat(file: string): FeedFormat | null {
  const entry = (Object.entries(FEED_FILES) as [FeedFormat, string][]).find(([, name]) => name === file);
  return entry ? entry[0] : null;
}

/**
 * RSS 2.0, Atom 1.0 or JSON Feed 1.1 of the site, a topic or an offering. Each entry
 * links to the item's page; its content is the sanitized body followed by the link to
 * the original article.
 */
export async function feedResponse(scope: FeedScope, file: string): Promise<Response> {
  const format = feedFormat(file);
  const data = format ? await feedData(scope) : null;
  if (!format || !data) return new Response('No such feed\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

  const feedScope = scope.kind === 'site' ? undefined : scope.kind === 'topic' ? { topic: scope.slug } : { offering: scope.slug };
  const updated = data.entries.reduce((max, e) => (e.lastMod && e.lastMod > max ? e.lastMod : e.date > max ? e.date : max), new Date(0));
  const feed = new Feed({
    id: absoluteUrl(data.path),
    title: scope.kind === 'site' ? `${SITE_NAME}: ${data.title}` : `${data.title} · ${SITE_NAME}`,
    description: data.description,
    link: absoluteUrl(data.path),
    language: 'en',
    updated,
    generator: SITE_NAME,
    copyright: `Summaries © ${SITE_NAME}; articles © their publishers`,
    feedLinks: {
      rss: absoluteUrl(routes.feed('rss', feedScope)),
      atom: absoluteUrl(routes.feed('atom', feedScope)),
      json: absoluteUrl(routes.feed('json', feedScope)),
    },
  });
  for (const e of data.entries) {
    const link = absoluteUrl(routes.news(e.slug));
    const source = `<p><a href="${escapeXml(e.url)}">Read the original${e.source ? ` on ${escapeXml(e.source.brand)}` : ''}</a></p>`;
    feed.addItem({
      id: link,
      guid: link,
      link,
      title: e.title,
      date: e.lastMod ?? e.date,
      published: e.date,
      ...(e.description ? { description: e.description } : {}),
      content: `${e.bodyHtml}${source}`,
      author: e.authors.map((name) => ({ name })),
      category: e.topics.map((t) => ({ name: t.name, domain: absoluteUrl(routes.topic(t.slug)) })),
    });
  }
  const body = format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1();
  return new Response(body, { headers: { 'Content-Type': CONTENT_TYPES[format] } });
}
