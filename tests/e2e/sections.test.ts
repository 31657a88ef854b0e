import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { siteContentDir, tempDir } from '../support/helpers';
import { decodeHtml, jsonLd, pageFetcher } from '../support/pages';
import { startServer, type RunningServer } from '../support/server';
import { nuErrors } from '../support/vnu';

/**
 * Breadcrumbs that lead somewhere: every step of every item's trail over the bundled
 * content, the Medigy news samples and the variants of every kind, followed over HTTP.
 */
const SITE = 'https://digitalhealthcurated.org';
let server: RunningServer;

beforeAll(async () => {
  const dbFile = path.join(tempDir('sections'), 'site.db');
  const synced = await updateStore({ contentDir: siteContentDir(), databasePath: dbFile, full: true });
  expect(synced.problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}` });
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

const get = pageFetcher(() => server.url);
const decode = decodeHtml;
const decodeOrNull = (s: string | undefined) => (s === undefined ? null : decodeHtml(s));

/** The visible trail: each step's label and link (null for text). */
function visibleTrail(html: string): { label: string; href: string | null }[] {
  const nav = /<nav aria-label="Breadcrumb" class="breadcrumbs"><ol>([\s\S]*?)<\/ol><\/nav>/.exec(html)![1]!;
  return [...nav.matchAll(/<li>(?:<a href="([^"]*)">([^<]*)<\/a>|<span[^>]*>([^<]*)<\/span>)<\/li>/g)].map((m) => (m[1] !== undefined ? { label: decode(m[2]!), href: m[1] } : { label: decode(m[3]!), href: null }));
}
function jsonLdTrail(html: string): { name: string; item: string }[] {
  const docs = jsonLd(html) as { '@type': string; itemListElement?: { name: string; item: string }[] }[];
  return docs.find((d) => d['@type'] === 'BreadcrumbList')!.itemListElement!.map(({ name, item }) => ({ name, item }));
}

/** Whether a listing shows an item: on its first page, or on the page its date puts it on (following "Older"). */
async function listsItem(listing: string, slug: string): Promise<boolean> {
  let next: string | null = listing;
  for (let pages = 0; next && pages < 60; pages++) {
    const { status, body } = await get(next);
    expect(status, next).toBe(200);
    if (body.includes(`href="/news/${slug}"`)) return true;
    next = decodeOrNull(/<a rel="next" href="([^"]+)"/.exec(body)?.[1]);
  }
  return false;
}

describe('sections from the records\' trails', () => {
  it('links every internal step of every item page; each answers 200 and lists the item; the JSON-LD trail is the visible one', async () => {
    const sitemap = (await get('/sitemaps/news-1.xml')).body;
    const items = [...sitemap.matchAll(/<loc>https:\/\/digitalhealthcurated\.org\/news\/([^<]+)<\/loc>/g)].map((m) => decode(m[1]!));
    expect(items.length).toBeGreaterThan(50);
    let sectionSteps = 0;
    for (const slug of items) {
      const page = await get(`/news/${slug}`);
      expect(page.status, slug).toBe(200);
      const trail = visibleTrail(page.body);
      expect(trail[0], slug).toEqual({ label: 'Home', href: '/' });
      // JSON-LD: the linked steps and the item, in order, at their canonical URLs.
      const linked = trail.filter((s, i) => s.href !== null || i === trail.length - 1);
      expect(jsonLdTrail(page.body), slug).toEqual(linked.map((s, i) => ({ name: s.label, item: i === linked.length - 1 ? `${SITE}/news/${slug}` : SITE + (s.href === '/' ? '/' : s.href) })));
      for (const step of trail.slice(1, -1)) {
        if (step.href === null) {
          // Text only when the record's step leads outside (the publisher) or nowhere.
          expect(step.label, slug).not.toMatch(/^(Communities|Feeds)$/);
          continue;
        }
        if (step.href !== '/news') sectionSteps++;
        expect(await listsItem(step.href, slug), `${slug}: ${step.href}`).toBe(true);
      }
    }
    expect(sectionSteps).toBeGreaterThan(100);
  }, 120_000);

  it('/communities lists the communities with their counts, and a community its sections, topics and latest items', async () => {
    const communities = await get('/communities');
    expect(communities.status).toBe(200);
    expect(communities.body).toContain('<h1>Communities</h1>');
    expect(communities.body).toMatch(/<a href="\/communities\/chronic-care-management">Chronic Care Management \(CCM\)<\/a> <span class="count">13<\/span>/);
    expect(communities.body).toMatch(/<a href="\/communities\/pandemic">Pandemic Community<\/a> <span class="count">7<\/span>/);
    const ccm = await get('/communities/chronic-care-management');
    expect(ccm.body).toContain('<h1>Chronic Care Management (CCM)</h1>');
    expect(ccm.body).toContain('13 curated items, newest first.');
    expect(ccm.body).toMatch(/<a href="\/communities\/chronic-care-management\/curated-content">Curated Content<\/a> <span class="count">8<\/span>/);
    expect(ccm.body).toMatch(/<a href="\/communities\/chronic-care-management\/curated-video">Curated Video<\/a> <span class="count">3<\/span>/);
    // Its topics: the most common among its items, first.
    expect(ccm.body).toMatch(/<h2 id="section-topics" class="side-title">Topics<\/h2><ul class="chips"><li><a href="\/topic\/medigy-barriers-guidelines" class="chip">/);
    expect(visibleTrail(ccm.body)).toEqual([
      { label: 'Home', href: '/' },
      { label: 'Communities', href: '/communities' },
      { label: 'Chronic Care Management (CCM)', href: null },
    ]);
    const video = await get('/communities/chronic-care-management/curated-video');
    expect((video.body.match(/<li class="news-card/g) ?? []).length).toBe(3);
    expect(video.body).toContain('href="/news/youtube-zoeticx-provizion-ccm"');
    const feeds = await get('/feed/latest');
    expect(feeds.body).toContain('<h1>Feeds</h1>');
    expect((feeds.body.match(/<li class="news-card/g) ?? []).length).toBe(5);
  });

  it('answers other spellings with a 301 to the one address, and nothing else under it', async () => {
    for (const [from, to] of [
      ['/communities/Pandemic', '/communities/pandemic'],
      ['/communities/pandemic/', '/communities/pandemic'],
      ['/Communities/Pandemic/', '/Communities/Pandemic'],
      ['/communities/%50andemic?page=1', '/communities/pandemic?page=1'],
      ['/feed/latest/', '/feed/latest'],
      ['/communities/Pandemic/rss.xml', '/communities/pandemic/rss.xml'],
    ] as [string, string][]) {
      const res = await get(from);
      expect(res.status, from).toBe(301);
      expect(new URL(res.headers.get('location')!, server.url).href, from).toBe(new URL(to, server.url).href);
    }
    for (const p of ['/communities/nowhere', '/communities/pandemic?page=2', '/communities/pandemic?page=x', '/section/communities', '/section-feed/communities/rss.xml', '/communities/pandemic/extra']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body, p).toContain('Page not found');
    }
  });

  it('gives each section feeds, with autodiscovery, sitemaps, and a place in the header and on the home page', async () => {
    const page = await get('/communities/pandemic');
    const alternate = /<link rel="alternate" type="application\/rss\+xml" ([^>]*)\/>/.exec(page.body)![1]!;
    expect(alternate).toContain(`href="${SITE}/communities/pandemic/rss.xml"`);
    expect(alternate).toContain('title="Pandemic Community: latest news (RSS)"');
    expect(page.body).toContain(`<link rel="canonical" href="${SITE}/communities/pandemic"/>`);
    const rss = await fetch(`${server.url}/communities/pandemic/rss.xml`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await rss.text();
    expect(xml).toContain('<title>Pandemic Community · Digital Health Curated</title>');
    expect((xml.match(/<item>/g) ?? []).length).toBe(7);
    const json = (await (await fetch(`${server.url}/feed/latest/feed.json`)).json()) as { items: unknown[]; feed_url: string };
    expect(json.items).toHaveLength(5);
    expect(json.feed_url).toBe(`${SITE}/feed/latest/feed.json`);

    const index = (await get('/sitemap.xml')).body;
    expect(index).toContain(`<loc>${SITE}/sitemaps/sections-1.xml</loc>`);
    const sections = (await get('/sitemaps/sections-1.xml')).body;
    for (const p of ['/communities', '/communities/pandemic', '/communities/chronic-care-management/curated-video', '/feed/latest']) expect(sections).toContain(`<loc>${SITE}${p}</loc>`);

    const home = await get('/');
    expect(home.body).toMatch(/<nav aria-label="Main" class="site-nav">[\s\S]*<a href="\/communities">Communities<\/a>[\s\S]*<a href="\/feed\/latest">Feeds<\/a>[\s\S]*<\/nav>/);
    // A block per community on the home page, with its newest items.
    expect(home.body).toMatch(/<h2 id="section-communities-chronic-care-management" class="block-title"><a href="\/communities\/chronic-care-management">Chronic Care Management \(CCM\)<\/a><\/h2><ol class="headlines"><li class="headline">/);
  });

  it('is valid HTML (Nu Html Checker)', async () => {
    expect(await nuErrors(['/communities', '/communities/chronic-care-management', '/communities/pandemic/curated-news', '/feed/latest', '/news/youtube-zoeticx-provizion-ccm', '/'], get)).toEqual([]);
  }, 60_000);
});
