import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { SHARED, recordText, siteContentDir, tempDir } from '../support/helpers';
import { decodeHtml, jsonLd, pageFetcher } from '../support/pages';
import { startServer, type RunningServer } from '../support/server';
import { WIDE_SECTION_GROUPS, writeSyntheticCorpus } from '../support/synthetic-corpus';
import { nuErrors } from '../support/vnu';

/**
 * What search engines and feed readers get, checked with real validators: the
 * sitemaps.org schemas (xmllint), a feed parser, and the Nu Html Checker.
 */
const SITE = 'https://news.example.org';
let server: RunningServer;
let contentDir: string;
let dbFile: string;

const get = pageFetcher(() => server.url);

function meta(html: string, attr: 'name' | 'property', key: string): string | undefined {
  const m = new RegExp(`<meta ${attr}="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html);
  return m?.[1] === undefined ? undefined : decodeHtml(m[1]);
}

beforeAll(async () => {
  // The bundled content and the news samples only: the counts below are theirs.
  contentDir = siteContentDir({ variants: false });
  fs.writeFileSync(
    path.join(contentDir, 'hostile.md'),
    recordText(
      { slug: 'script-title', title: '"Breaking </script><script>alert(1)</script> news"' },
      '<p>Body<script>alert("body")</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a></p>',
    ),
  );
  dbFile = path.join(tempDir('seo'), 'site.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, SITE_URL: SITE, SITEMAP_URLS_PER_FILE: '10' });
}, 120_000);

afterAll(async () => server?.stop());

describe('sitemaps', () => {
  it('robots.txt points to the sitemap index', async () => {
    const { status, body } = await get('/robots.txt');
    expect(status).toBe(200);
    expect(body).toContain(`Sitemap: ${SITE}/sitemap.xml`);
    expect(body).toContain('User-agent: *');
  });

  it('has an index and children, all valid against the sitemaps.org schemas, covering every page', async () => {
    const work = tempDir('sitemaps');
    const index = await get('/sitemap.xml');
    fs.writeFileSync(path.join(work, 'index.xml'), index.body);
    xmllint(path.join(work, 'index.xml'), 'siteindex.xsd');
    const children = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    // 26 items in files of 10 URLs: the split shows.
    expect(children).toContain(`${SITE}/sitemaps/news-3.xml`);
    expect(children).not.toContain(`${SITE}/sitemaps/news-4.xml`);

    const urls = new Map<string, string>();
    for (const [i, child] of children.entries()) {
      expect(child.startsWith(`${SITE}/sitemaps/`)).toBe(true);
      const { status, body } = await get(child.slice(SITE.length));
      expect(status, child).toBe(200);
      const file = path.join(work, `child-${i}.xml`);
      fs.writeFileSync(file, body);
      xmllint(file, 'sitemap.xsd');
      for (const m of body.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)) urls.set(m[1]!, m[2]!);
    }
    for (const p of ['/', '/news', '/topics', '/offerings', '/topic/himss-digital-health', '/offering/luscii-platform', '/news/who-digital-health', '/source/who.int', '/tag/departmental-update']) {
      expect(urls.has(`${SITE}${p}`), p).toBe(true);
    }
    expect([...urls.keys()].filter((u) => u.startsWith(`${SITE}/news/`))).toHaveLength(26);
    // lastmod is the record's lastMod (or its date when it has none).
    expect(urls.get(`${SITE}/news/healthcareitnews-health-system-resilience-depends-on-digital-tools`)).toBe('2023-02-02T09:10:39.416Z');
    expect(urls.get(`${SITE}/news/who-digital-health`)).toBe('2025-11-03T00:00:00.000Z');
    // A topic with no news is noindex, so it is not in the sitemap either.
    expect(urls.has(`${SITE}/topic/healthcare-it-news-remote-patient-monitoring`)).toBe(false);
  });
});

describe('sitemaps of a wide store', () => {
  // 5,000 topics, tags and sections with items (tests/integration/scale.test.ts checks every entry).
  const N = 5_000;
  it(`answers every child sitemap at ${N.toLocaleString('en')} topics, tags and sections, valid against the schemas`, async () => {
    const corpus = tempDir('seo-wide');
    writeSyntheticCorpus(corpus, { count: Math.ceil(N / 6), topics: N, offerings: 2_000, wide: { tags: N, sections: N, sources: 400, each: 6 } });
    const wideDb = path.join(tempDir('seo-wide-store'), 'site.db');
    expect((await ingestAll({ contentDir: corpus, databasePath: wideDb })).problems).toEqual([]);
    const wide = await startServer({ DATABASE_URL: `file:${wideDb}`, SITE_URL: SITE });
    try {
      const work = tempDir('sitemaps-wide');
      const index = await (await fetch(`${wide.url}/sitemap.xml`)).text();
      fs.writeFileSync(path.join(work, 'index.xml'), index);
      xmllint(path.join(work, 'index.xml'), 'siteindex.xsd');
      const counts = new Map<string, number>();
      for (const child of [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!)) {
        const res = await fetch(wide.url + child.slice(SITE.length));
        expect(res.status, child).toBe(200);
        const file = path.join(work, path.basename(child));
        fs.writeFileSync(file, await res.text());
        xmllint(file, 'sitemap.xsd');
        counts.set(path.basename(child, '.xml'), (fs.readFileSync(file, 'utf8').match(/<url>/g) ?? []).length);
      }
      expect(Object.fromEntries(counts)).toMatchObject({ 'topics-1': N, 'tags-1': N + 1, 'sections-1': N + WIDE_SECTION_GROUPS + 1, 'offerings-1': 2_000 });
    } finally {
      await wide.stop();
    }
  }, 120_000);
});

function xmllint(file: string, schema: string) {
  const result = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED, 'schemas', schema), file], { encoding: 'utf8' });
  expect(result.stderr.trim(), `${file}\n${fs.readFileSync(file, 'utf8').slice(0, 500)}`).toBe(`${file} validates`);
  expect(result.status).toBe(0);
}

describe('every page: title, description, canonical, social cards, structured data', () => {
  it('news items carry NewsArticle and BreadcrumbList JSON-LD and cards from the record', async () => {
    const { body } = await get('/news/healthcareitnews-health-system-resilience-depends-on-digital-tools');
    expect(body).toContain('<html lang="en"');
    expect(body).toContain(`<link rel="canonical" href="${SITE}/news/healthcareitnews-health-system-resilience-depends-on-digital-tools"/>`);
    expect(body).not.toContain('localhost');
    expect(meta(body, 'name', 'description')).toMatch(/^The World Health Organization's Digital Health/);
    expect(meta(body, 'property', 'og:type')).toBe('article');
    // The record's openGraphMetaData.ogdescription is longer than its description, and wins.
    expect(meta(body, 'property', 'og:description')).toMatch(/Professor Alain Labrique, director of the department, explains\.$/);
    expect(meta(body, 'name', 'twitter:title')).toBe('Health system resilience depends on digital tools');
    const [article, breadcrumbs] = jsonLd(body);
    expect(article).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Health system resilience depends on digital tools',
      datePublished: '2023-02-02T00:00:00.000Z',
      dateModified: '2023-02-02T09:10:39.416Z',
      author: [{ '@type': 'Person', name: 'Athira Ravi' }],
      url: `${SITE}/news/healthcareitnews-health-system-resilience-depends-on-digital-tools`,
      isBasedOn: { '@type': 'CreativeWork', url: 'https://www.healthcareitnews.com/video/emea/health-system-resilience-depends-digital-tools', publisher: { name: 'healthcareitnews.com' } },
    });
    expect(breadcrumbs).toMatchObject({ '@type': 'BreadcrumbList', itemListElement: [{ position: 1, name: 'Home', item: `${SITE}/` }, { position: 2, name: 'News', item: `${SITE}/news` }, { position: 3 }] });
  });

  it('uses the image and card an editor put in the record metadata', async () => {
    const { body } = await get('/news/econsultancy-how-one-company-s-rebrand-and-domain-name-change-led-to-seo-disaster');
    expect(meta(body, 'property', 'og:image')).toBe('https://econsultancy.imgix.net/content/uploads/2019/09/04124332/SEO3.png');
    expect(meta(body, 'name', 'twitter:card')).toBe('summary_large_image');
  });

  it('keeps JSON-LD inert whatever a title contains', async () => {
    const { body } = await get('/news/script-title');
    expect(body).not.toContain('</script><script>alert(1)');
    const [article] = jsonLd(body);
    expect(article!.headline).toBe('Breaking </script><script>alert(1)</script> news');
  });

  it('topic and listing pages carry CollectionPage/ItemList, canonical per page, feed links', async () => {
    const { body } = await get('/topic/healthcare-it-news-digital-health');
    expect(body).toContain(`<link rel="canonical" href="${SITE}/topic/healthcare-it-news-digital-health"/>`);
    const collection = jsonLd(body).find((d) => d['@type'] === 'CollectionPage') as { mainEntity: { '@type': string; itemListElement: { url: string }[] } };
    expect(collection.mainEntity['@type']).toBe('ItemList');
    expect(collection.mainEntity.itemListElement[0]!.url).toBe(`${SITE}/news/who-digital-health`);
    expect(body).toContain(`<link rel="alternate" type="application/rss+xml" href="${SITE}/topic/healthcare-it-news-digital-health/rss.xml" title="Healthcare IT News: Digital Health: latest news (RSS)"/>`);
    expect(body).toContain(`type="application/atom+xml"`);
    expect(body).toContain(`type="application/feed+json"`);
    for (const p of ['/', '/news', '/topics', '/offerings', '/offering/who-academy']) {
      const page = await get(p);
      expect(page.body, p).toMatch(/<title>[^<]{5,}<\/title>/);
      expect(meta(page.body, 'name', 'description')?.length, p).toBeGreaterThan(20);
      // Next.js writes the root URL without its slash; both name the same page.
      expect(page.body, p).toContain(`<link rel="canonical" href="${SITE}${p === '/' ? '' : p}"/>`);
      expect(jsonLd(page.body).length, p).toBeGreaterThan(0);
    }
  });

  it('marks a topic with no news noindex', async () => {
    const { status, body } = await get('/topic/healthcare-it-news-remote-patient-monitoring');
    expect(status).toBe(200);
    expect(meta(body, 'name', 'robots')).toBe('noindex, follow');
    expect(meta((await get('/topic/himss-digital-health')).body, 'name', 'robots')).toBe('index, follow');
  });
});

describe('status codes a crawler can trust', () => {
  it('redirects records\' old addresses and the trailing-slash form with 301', async () => {
    const alias = await get('/news/health-system-resilience-depends-on-digital-tools');
    expect(alias.status).toBe(301);
    expect(alias.headers.get('location')).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/news\/healthcareitnews-health-system-resilience-depends-on-digital-tools$/);
    const sample = await get('/news/the-medical-futurist');
    expect(sample.status).toBe(301);
    expect(sample.headers.get('location')).toMatch(/\/news\/medicalfuturist-the-medical-futurist$/);
    const slash = await get('/topic/himss-digital-health/?page=1');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/topic\/himss-digital-health\?page=1$/);
  });

  it('never redirects to another host, whatever the path or the Host header claims', async () => {
    // `//evil.example/` is a path on this site; a Location of `//evil.example` would leave it.
    for (const path of ['//evil.example/', '/\\evil.example/', '//evil.example/news/']) {
      const doubled = await get(path);
      // The front server refuses such paths (lib/serving/request-target.ts); a redirect must stay on this host.
      if (doubled.status === 404 || doubled.status === 400) continue;
      expect([301, 308], path).toContain(doubled.status);
      expect(doubled.headers.get('location'), path).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/(?![/\\])/);
    }
    // A shared cache keeps one copy of a redirect for every Host the site answers to: its Location names none.
    const claim = (host: string) =>
      new Promise<http.IncomingMessage>((resolve, reject) => http.get(server.url + '/news/the-medical-futurist', { headers: { host } }, resolve).on('error', reject));
    const claimed = await claim(`localhost:${new URL(server.url).port}`);
    claimed.resume();
    expect(claimed.statusCode).toBe(301);
    expect(claimed.headers.location).toBe('/news/medicalfuturist-the-medical-futurist');
    // A host it does not answer to gets nothing but a refusal.
    const foreign = await claim('attacker.example');
    foreign.resume();
    expect(foreign.statusCode).toBe(400);
  });

  it('answers HEAD, and 304 to conditional requests', async () => {
    const head = await get('/news/who-digital-health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const etag = head.headers.get('etag')!;
    const lastModified = head.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
    // Shared caches keep a page until the day changes (UTC midnight) at most: pages say what is upcoming by the date.
    expect(Number(/^public, max-age=0, s-maxage=(\d+), stale-while-revalidate=60, stale-if-error=86400$/.exec(head.headers.get('cache-control')!)?.[1])).toBeLessThanOrEqual(86_400);
    expect(head.headers.get('x-accel-expires')).toBe('1');
    expect((await get('/news/who-digital-health', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await get('/news/who-digital-health', { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    expect((await get('/news/who-digital-health', { headers: { 'If-None-Match': 'W/"other"' } })).status).toBe(200);
    expect((await get('/sitemap.xml', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('gives pages a new ETag after an ingest, so caches revalidate', async () => {
    const before = (await get('/topics', { method: 'HEAD' })).headers.get('etag');
    fs.writeFileSync(path.join(contentDir, 'later.md'), recordText({ slug: 'later-item', title: 'A later item' }));
    await ingestAll({ contentDir, databasePath: dbFile });
    const after = await get('/topics', { headers: { 'If-None-Match': before! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('answers 404 for unknown slugs and pages past the end', async () => {
    for (const p of ['/news/nothing-here', '/topic/nothing-here', '/offering/nothing-here', '/news?page=99', '/topic/himss-digital-health?page=2', '/sitemaps/news-99.xml', '/topic/nothing-here/rss.xml']) {
      expect((await get(p)).status, p).toBe(404);
    }
  });
});

describe('feeds', () => {
  const parser = new Parser();

  it('RSS and Atom of the site parse, newest first, linking to item pages with the source link', async () => {
    for (const file of ['rss.xml', 'atom.xml']) {
      const { status, body, headers } = await get(`/feeds/${file}`);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(file === 'rss.xml' ? /application\/rss\+xml/ : /application\/atom\+xml/);
      const feed = await parser.parseString(body);
      expect(feed.items.length).toBeGreaterThan(20);
      const dates = feed.items.map((i) => new Date(i.isoDate!).getTime());
      expect([...dates].sort((a, b) => b - a)).toEqual(dates);
      const who = feed.items.find((i) => i.link === `${SITE}/news/who-digital-health`)!;
      expect(who.title).toBe('Digital health: WHO health topic');
      const content = who['content:encoded'] ?? who.content;
      expect(content).toContain('<a href="https://www.who.int/health-topics/digital-health">Read the original on who.int</a>');
      expect(content).toContain('<strong>three objectives</strong>');
    }
  });

  it('topic and offering feeds exist in all three formats, JSON Feed included', async () => {
    const topic = await parser.parseString((await get('/topic/himss-digital-health/rss.xml')).body);
    expect(topic.title).toContain('HIMSS: Digital Health');
    expect(topic.items.every((i) => i.link!.startsWith(`${SITE}/news/`))).toBe(true);
    const json = JSON.parse((await get('/offering/who-academy/feed.json')).body);
    expect(json.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1/);
    expect(json.feed_url).toBe(`${SITE}/offering/who-academy/feed.json`);
    expect(json.items.map((i: { url: string }) => i.url)).toEqual([
      `${SITE}/news/who-digital-health`,
      `${SITE}/news/who-empowering-countries-to-harness-digital-health-for-stronger-health-systems`,
      `${SITE}/news/who-strengthening-health-workers-capacities-through-digital-health`,
    ]);
    expect(json.items[0].content_html).toContain('Read the original on who.int');
    expect((await parser.parseString((await get('/offering/who-academy/atom.xml')).body)).items).toHaveLength(3);
  });

  it('carries hostile titles as text and only sanitized bodies', async () => {
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      const body = (await get(`/feeds/${file}`)).body;
      expect(body, file).not.toMatch(/alert\("body"\)|onerror|javascript:/i);
    }
    const feed = await parser.parseString((await get('/feeds/atom.xml')).body);
    const item = feed.items.find((i) => i.link === `${SITE}/news/script-title`)!;
    expect(item.title).toBe('Breaking </script><script>alert(1)</script> news');
    // The image names a file the site does not have (`x` beside the record): left out, not a broken image.
    expect(item.content).toContain('<p>Body<a>x</a></p>');
  });
});

describe('HTML validity', () => {
  it('the Nu Html Checker finds no error on any page type', async () => {
    const pages = ['/', '/news', '/news/healthcareitnews-health-system-resilience-depends-on-digital-tools', '/topic/healthcare-it-news-digital-health', '/topics', '/offering/luscii-platform', '/offerings', '/search?q=digital+health', '/search?q=nothingatall', '/source/who.int', '/tag/news', '/news/no-such-page'];
    expect(await nuErrors(pages, get)).toEqual([]);
  }, 60_000);
});
