import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RSC_REQUEST_HEADERS } from '../../lib/site/http-cache';
import { addressKind } from '../../lib/urls/addresses';
import { FEED_FILE_NAMES, FEED_FILES, PAGE_SHAPES, pageAt, pageQueryParams, pathPrefix, ROUTE_SEGMENTS, routes, splitFeedPath, type FeedFormat, type PageKind } from '../../lib/urls/pages';
import { pathSql, type SlugPageKind } from '../../lib/urls/sql';
import { ROOT } from '../support/helpers';

/**
 * lib/urls: one table of the site's page addresses. Checked against what it must agree
 * with and cannot import: the app's file-system routes, SQLite, and the Varnish config.
 */

/** Slugs of every form a slug may take (lib/content/slug.ts SLUG_PATTERN), generated. */
function slugs(): string[] {
  const parts = ['a', 'ai', 'x1', '2024', 'journals.lww', '_under', '-lead', 'v1.2', 'z'];
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) for (let j = 0; j < parts.length; j++) out.push(`${parts[i]}${j % 2 ? '-' : '_'}${parts[j]!.replace(/^[-.]/, '')}`);
  return [...parts, ...out];
}

/** Publishers' names as records give them: free text. */
const BRANDS = ['healthcareitnews.com', 'Mobi Health News', 'example.org/blog', 'Café & Co', 'a?b#c', '100%', 'Ärzteblatt', '..', 'x'];

/** Each builder with the kind of page it must give, over generated keys. */
const BUILT: [PageKind, (key: string) => string, string[]][] = [
  ['news', routes.news, slugs()],
  ['collection', routes.collection, slugs()],
  ['topic', (k) => routes.topic(k), slugs()],
  ['offering', (k) => routes.offering(k), slugs()],
  ['tag', (k) => routes.tag(k), slugs()],
  ['eventCalendar', routes.eventCalendar, slugs()],
  ['source', (k) => routes.source(k), BRANDS],
];

function decode(segment: string): string {
  return decodeURIComponent(segment);
}

describe('the table of page addresses', () => {
  it('matches every path it builds to the page it built it for, with the same key', () => {
    for (const [kind, build, keys] of BUILT) {
      for (const key of keys) {
        const match = pageAt(build(key));
        expect(match?.kind, build(key)).toBe(kind);
        expect(decode(match!.key!), build(key)).toBe(key);
      }
    }
    for (const [kind, path] of [
      ['home', routes.home()],
      ['newsList', routes.newsList()],
      ['events', routes.events()],
      ['eventsCalendar', routes.eventsCalendar()],
      ['topics', routes.topics()],
      ['offerings', routes.offerings()],
      ['search', routes.search()],
      ['sitemapIndex', routes.sitemapIndex()],
      ['robots', routes.robots()],
      ['sitemap', routes.sitemap('news-2')],
    ] as [PageKind, string][]) {
      expect(pageAt(path)?.kind, path).toBe(kind);
    }
    for (const format of Object.keys(FEED_FILES) as FeedFormat[]) {
      expect(pageAt(routes.feed(format))).toEqual({ kind: 'siteFeed', key: null, feed: FEED_FILES[format] });
      expect(pageAt(routes.feed(format, { topic: 'ai' }))).toEqual({ kind: 'topicFeed', key: 'ai', feed: FEED_FILES[format] });
      expect(pageAt(routes.feed(format, { offering: 'luscii' }))).toEqual({ kind: 'offeringFeed', key: 'luscii', feed: FEED_FILES[format] });
      expect(splitFeedPath(routes.feed(format, { section: '/communities/pandemic' }))).toEqual({ owner: '/communities/pandemic', file: FEED_FILES[format] });
    }
  });

  it('pages with `page` only past the first, and keeps it when matched', () => {
    expect(routes.topic('ai', 1)).toBe(routes.topic('ai'));
    for (const [build, kind] of [
      [(p: number) => routes.newsList(p), 'newsList'],
      [(p: number) => routes.events(p), 'events'],
      [(p: number) => routes.topic('ai', p), 'topic'],
      [(p: number) => routes.offering('luscii', p), 'offering'],
      [(p: number) => routes.source('Mobi Health News', p), 'source'],
      [(p: number) => routes.tag('x', p), 'tag'],
    ] as [(p: number) => string, PageKind][]) {
      const url = new URL(build(3), 'http://site.example');
      expect(url.searchParams.get('page')).toBe('3');
      expect(pageAt(url.pathname)?.kind).toBe(kind);
      expect(PAGE_SHAPES[kind].query).toContain('page');
    }
  });

  it('matches exact shapes only: old addresses under our segments, trailing slashes and deeper paths are no page', () => {
    for (const other of ['/news/', '/news/a/b', '/topic/ai/other.xml', '/feeds/some-old-item', '/feeds', '/sitemaps/a/b', '/topics/a/b', '/source/', '/newsletter', '/communities/x', '/topic/ai/rss.xml/x', '//news/a', '/events/', '/events/x', '/events/x.ics/y', '/news/x.ics/y']) {
      expect(pageAt(other), other).toBeNull();
    }
  });

  it("leads a trail to /events, and shows Medigy's old event listings (/events/past…) as text, never a section or a refusal", () => {
    expect(addressKind(routes.events())).toBe('page');
    for (const old of ['/events/upcoming', '/events/past', '/events/canceled']) expect(addressKind(old), old).toBe('other');
    expect(addressKind(routes.eventsCalendar())).toBe('reserved');
  });

  it('gives every page address to our pages, so no section or trail can take one', () => {
    for (const [, build, keys] of BUILT) {
      for (const key of keys) expect(['page', 'reserved', 'other'], build(key)).toContain(addressKind(build(key).toLowerCase()));
    }
    for (const kind of Object.keys(PAGE_SHAPES) as PageKind[]) {
      if (kind !== 'home') expect(ROUTE_SEGMENTS.has(PAGE_SHAPES[kind].path.split('/')[1]!), kind).toBe(true);
    }
  });

  it("agrees with the app's routes: each page of ours has one, and each of the app's top-level names is reserved", () => {
    const app = path.join(ROOT, 'app');
    const routeFiles: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (/^(?:page|route)\.tsx?$/.test(e.name)) routeFiles.push(path.relative(app, dir));
      }
    };
    walk(app);
    // The machinery: the editor, its API, images, and where sections are rendered.
    const machinery = /^(?:editor|api|media|section|section-feed)(?:\/|$)/;
    const sample: Record<string, string> = { '[slug]': 'ai', '[brand]': 'Mobi%20Health%20News', '[collection]': 'symplur', '[file]': 'rss.xml', '[name]': 'news-1.xml', '[calendar]': 'ai.ics' };
    const served = new Set<PageKind>();
    for (const route of routeFiles.filter((r) => !machinery.test(r))) {
      const example = `/${route.split(path.sep).filter(Boolean).map((s) => sample[s] ?? s).join('/')}`;
      const match = pageAt(example);
      expect(match, `app/${route} (${example})`).not.toBeNull();
      served.add(match!.kind);
    }
    expect([...served].sort()).toEqual((Object.keys(PAGE_SHAPES) as PageKind[]).sort());
    const topLevel = fs.readdirSync(app, { withFileTypes: true }).filter((e) => e.isDirectory() || /^(?:icon|favicon)\./.test(e.name));
    for (const e of topLevel) expect(ROUTE_SEGMENTS.has(e.name), e.name).toBe(true);
  });

  it('builds in SQL the same paths it builds in code', () => {
    const db = new Database(':memory:');
    try {
      for (const kind of ['news', 'collection', 'topic', 'offering', 'tag'] as SlugPageKind[]) {
        const build = routes[kind] as (slug: string) => string;
        for (const slug of slugs()) expect(db.prepare(`SELECT ${pathSql(kind, '?')}`).pluck().get(slug), slug).toBe(build(slug));
        expect(pathPrefix(kind)).toBe(build(''));
      }
    } finally {
      db.close();
    }
  });

  it("keeps only the query parameters a page reads in caches' keys", () => {
    const cases: [string, readonly string[]][] = [
      ['/', []],
      ['/news', ['page', 'kind']],
      ['/news/some-item', []],
      ['/events', ['page']],
      ['/events.ics', []],
      ['/events/some-event.ics', []],
      ['/topics', []],
      ['/topics/symplur', []],
      ['/topic/ai', ['page', 'kind']],
      ['/topic/ai/rss.xml', []],
      ['/offerings', ['topic']],
      ['/offering/luscii', ['page']],
      ['/offering/luscii/feed.json', []],
      ['/source/Mobi Health News', ['page', 'kind']],
      // A brand with a slash, decoded: kept as a listing, so its pages stay apart.
      ['/source/example.org/blog', ['page', 'kind']],
      ['/tag/x', ['page']],
      ['/search', ['q', 'topic', 'source', 'year', 'kind', 'page']],
      ['/feeds/atom.xml', []],
      ['/sitemap.xml', []],
      ['/sitemaps/news-1.xml', []],
      ['/robots.txt', []],
      ['/communities/pandemic', ['page', 'kind']],
    ];
    for (const [pathname, params] of cases) expect(pageQueryParams(pathname), pathname).toEqual(params);
  });
});

describe("Next.js's RSC request headers", () => {
  it('are the ones Varnish passes (deploy/varnish/default.vcl cannot import them)', () => {
    const vcl = fs.readFileSync(path.join(ROOT, 'deploy', 'varnish', 'default.vcl'), 'utf8');
    const condition = vcl.split('\n').find((line) => /req\.url ~ "\[\?&\]_rsc="/.test(line));
    expect(condition).toBeDefined();
    const named = [...condition!.matchAll(/req\.http\.([A-Za-z-]+)/g)].map((m) => m[1]!.toLowerCase());
    expect(named.sort()).toEqual([...RSC_REQUEST_HEADERS].sort());
  });

  it('feed files are the ones the table names', () => {
    expect(Object.values(FEED_FILES).sort()).toEqual([...FEED_FILE_NAMES].sort());
  });
});
