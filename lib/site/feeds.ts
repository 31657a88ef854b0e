import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { feedData, type FeedData, type FeedScope } from '../pages/feed';
import { hostOf } from '../content/values';
import { absoluteUrl, siteName } from './config';
import { callToOriginal } from './kinds';
import { FEED_FILES, routes, type FeedFormat } from '../urls/pages';

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

function feedFormat(file: string): FeedFormat | null {
  const entry = (Object.entries(FEED_FILES) as [FeedFormat, string][]).find(([, name]) => name === file);
  return entry ? entry[0] : null;
}

/** Characters XML 1.0 cannot carry at all, escaped or not (records may hold them). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (text: string) => text.replace(NOT_XML, '');

/** Everything a feed says, in the form each format writes it. */
interface FeedModel {
  id: string;
  title: string;
  description: string;
  link: string;
  updated: Date;
  self: Record<FeedFormat, string>;
  entries: {
    link: string;
    title: string;
    summary: string | null;
    /** Sanitized HTML: the item's body and the link to the original article. */
    html: string;
    published: Date;
    updated: Date;
    authors: string[];
    topics: { name: string; slug: string; url: string }[];
  }[];
}

function model(scope: FeedScope, data: FeedData): FeedModel {
  const feedScope = scope.kind === 'site' ? undefined : scope.kind === 'topic' ? { topic: scope.slug } : scope.kind === 'section' ? { section: scope.path } : { offering: scope.slug };
  const updated = data.entries.reduce((max, e) => (e.lastMod && e.lastMod > max ? e.lastMod : e.date > max ? e.date : max), new Date(0));
  return {
    id: absoluteUrl(data.path),
    title: scope.kind === 'site' ? `${siteName()}: ${data.title}` : `${data.title} · ${siteName()}`,
    description: data.description,
    link: absoluteUrl(data.path),
    updated,
    self: { rss: absoluteUrl(routes.feed('rss', feedScope)), atom: absoluteUrl(routes.feed('atom', feedScope)), json: absoluteUrl(routes.feed('json', feedScope)) },
    entries: data.entries.map((e) => {
      const source = create().ele('p').ele('a', { href: e.url }).txt(callToOriginal(e.kind, hostOf(e.url) ?? e.source?.brand ?? null)).up().up().end({ headless: true });
      return {
        link: absoluteUrl(routes.news(e.slug)),
        title: e.title,
        summary: e.description,
        html: `${e.bodyHtml}${source}`,
        published: e.date,
        updated: e.lastMod ?? e.date,
        authors: e.authors,
        topics: e.topics.map((t) => ({ name: t.name, slug: t.slug, url: absoluteUrl(routes.topic(t.slug)) })),
      };
    }),
  };
}

/** Atom 1.0 (RFC 4287): titles and summaries are text, content is escaped HTML. */
function atom(f: FeedModel): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' }).ele('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'en' });
  const text = (parent: XMLBuilder, name: string, value: string) => parent.ele(name, { type: 'text' }).txt(xmlText(value)).up();
  doc.ele('id').txt(f.id);
  text(doc, 'title', f.title);
  text(doc, 'subtitle', f.description);
  doc.ele('updated').txt(f.updated.toISOString());
  doc.ele('link', { rel: 'alternate', type: 'text/html', href: f.link });
  doc.ele('link', { rel: 'self', type: 'application/atom+xml', href: f.self.atom });
  doc.ele('author').ele('name').txt(siteName());
  doc.ele('generator').txt(siteName());
  text(doc, 'rights', `Summaries © ${siteName()}; articles © their publishers`);
  for (const e of f.entries) {
    const entry = doc.ele('entry');
    text(entry, 'title', e.title);
    entry.ele('id').txt(e.link);
    entry.ele('link', { rel: 'alternate', type: 'text/html', href: e.link });
    entry.ele('published').txt(e.published.toISOString());
    entry.ele('updated').txt(e.updated.toISOString());
    for (const name of e.authors) entry.ele('author').ele('name').txt(xmlText(name));
    if (e.summary) text(entry, 'summary', e.summary);
    entry.ele('content', { type: 'html' }).txt(xmlText(e.html));
    for (const t of e.topics) entry.ele('category', { term: t.slug, label: xmlText(t.name), scheme: t.url });
  }
  return doc.end({ prettyPrint: false });
}

/** RSS 2.0: text everywhere but content:encoded, which holds the escaped HTML. */
function rss(f: FeedModel): string {
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  });
  const channel = root.ele('channel');
  channel.ele('title').txt(xmlText(f.title));
  channel.ele('link').txt(f.link);
  channel.ele('description').txt(xmlText(f.description));
  channel.ele('language').txt('en');
  channel.ele('lastBuildDate').txt(f.updated.toUTCString());
  channel.ele('generator').txt(siteName());
  channel.ele('copyright').txt(`Summaries © ${siteName()}; articles © their publishers`);
  channel.ele('atom:link', { href: f.self.rss, rel: 'self', type: 'application/rss+xml' });
  for (const e of f.entries) {
    const item = channel.ele('item');
    item.ele('title').txt(xmlText(e.title));
    item.ele('link').txt(e.link);
    item.ele('guid', { isPermaLink: 'true' }).txt(e.link);
    item.ele('pubDate').txt(e.published.toUTCString());
    if (e.summary) item.ele('description').txt(xmlText(e.summary));
    item.ele('content:encoded').txt(xmlText(e.html));
    for (const name of e.authors) item.ele('dc:creator').txt(xmlText(name));
    for (const t of e.topics) item.ele('category', { domain: t.url }).txt(xmlText(t.name));
  }
  return root.end({ prettyPrint: false });
}

/** JSON Feed 1.1. */
function jsonFeed(f: FeedModel): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: f.title,
    home_page_url: f.link,
    feed_url: f.self.json,
    description: f.description,
    language: 'en',
    authors: [{ name: siteName() }],
    items: f.entries.map((e) => ({
      id: e.link,
      url: e.link,
      title: e.title,
      ...(e.summary ? { summary: e.summary } : {}),
      content_html: e.html,
      date_published: e.published.toISOString(),
      date_modified: e.updated.toISOString(),
      ...(e.authors.length ? { authors: e.authors.map((name) => ({ name })) } : {}),
      tags: e.topics.map((t) => t.name),
    })),
  });
}

const WRITERS: Record<FeedFormat, (f: FeedModel) => string> = { rss, atom, json: jsonFeed };

/**
 * RSS 2.0, Atom 1.0 or JSON Feed 1.1 of the site, a topic or an offering. Each entry
 * links to the item's page; its content is the sanitized body followed by the link to
 * the original article. XML is written by xmlbuilder2, which escapes every text and
 * attribute; names and titles are declared as text, never as markup.
 */
export async function feedResponse(scope: FeedScope, file: string): Promise<Response> {
  const format = feedFormat(file);
  const data = format ? await feedData(scope) : null;
  if (!format || !data) return new Response('No such feed\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(WRITERS[format](model(scope, data)), { headers: { 'Content-Type': CONTENT_TYPES[format] } });
}
