import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import sharp from 'sharp';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, siteContentDir, tempDir } from '../support/helpers';
import { htmlText, pageFetcher } from '../support/pages';
import { startServer, type RunningServer } from '../support/server';

/** The built app (`next start`) over a store ingested from content/ plus the Medigy samples. */
let server: RunningServer;
let contentDir: string;
let dbFile: string;

const get = pageFetcher(() => server.url);
const text = htmlText;

beforeAll(async () => {
  // The bundled content and the news samples only: the counts below are theirs.
  contentDir = siteContentDir({ variants: false });
  fs.writeFileSync(
    path.join(contentDir, 'hostile.md'),
    recordText(
      { slug: 'hostile-item', title: '"</title><script>alert(1)</script> Hostile title"', categories: "\n  - 'Healthcare IT News: Digital Health'" },
      '<p>Safe text<script>alert("body")</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a></p>',
    ),
  );
  // A record whose featured image is stored beside it (a 640×360 PNG).
  await sharp({ create: { width: 640, height: 360, channels: 3, background: '#0b6e6e' } }).png().toFile(path.join(contentDir, 'pictured-featuredImage.png'));
  fs.writeFileSync(
    path.join(contentDir, 'pictured.md'),
    recordText({ slug: 'pictured-item', title: 'An item with a picture', featuredImage: '\n  alt: A chart of adoption\n  href: pictured-featuredImage.png\n  size: [640, 360]' }),
  );
  dbFile = path.join(tempDir('http'), 'site.db');
  // The whole sync: text, then the images it names.
  const summary = await updateStore({ contentDir, databasePath: dbFile, full: true });
  expect(summary.problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir });
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

describe('reader pages over HTTP', () => {
  it('home: a lead, the top stories, the communities, the subjects active lately; a description from what the store holds', async () => {
    const { status, body: html } = await get('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en"');
    const t = text(html);
    expect(t).toContain('Top stories');
    // The only pictured item of this store is the lead.
    expect(html).toMatch(/<article class="lead-story lead-story--pictured"><img class="lead-story__image"[^>]*><div class="lead-story__text"><h3 class="lead-story__title"><a href="\/news\/pictured-item">/);
    expect(html).toContain('href="/news/who-digital-health"');
    expect(t).toContain('Active subjects');
    // Digital Health as Healthcare IT News and HIMSS file it: one subject.
    expect(html).toContain('href="/subject/digital-health"');
    expect(html).toMatch(/<h2 id="section-communities-netspective-news" class="block-title"><a href="\/communities\/netspective-news">News<\/a><\/h2><ol class="headlines">/);
    // No feed items in this store: no river, and no empty heading for it.
    expect(t).not.toContain('From the feeds');
    // Not Medigy's all-time marketing categories, not sources the store does not carry.
    expect(t).not.toContain('Main topics');
    const description = /<meta name="description" content="([^"]+)"/.exec(html)![1]!;
    expect(description).toMatch(/^Digital-health news from healthcareitnews\.com, [^,]+, [^ ]+ and more, curated by topic\. 27 curated items from \d+ sources on \d+ topics, each linked to its original publisher\.$/);
    expect(description).not.toContain('HIMSS');
  });

  it('news item: title, dates, source link, author, body, topics, offerings, related news, breadcrumbs', async () => {
    const { status, body: html } = await get('/news/healthcareitnews-health-system-resilience-depends-on-digital-tools');
    expect(status).toBe(200);
    const t = text(html);
    expect(html).toMatch(/<h1>Health system resilience depends on digital tools<\/h1>/);
    expect(html).toContain('<title>Health system resilience depends on digital tools · Digital Health Curated</title>');
    expect(html).toContain('dateTime="2023-02-02T00:00:00.000Z"');
    expect(t).toContain('2 February 2023');
    expect(t).toContain('Curated by Athira Ravi');
    expect(html).toContain('href="https://www.healthcareitnews.com/video/emea/health-system-resilience-depends-digital-tools"');
    expect(t).toContain('Professor Alain Labrique, director of the department, explains.');
    expect(html).toContain('href="/topic/symplur-healthcare-system"');
    expect(html).toContain('href="/offering/luscii-platform"');
    expect(t).toContain("DynamiCare's Digital Recovery Platform");
    expect(t).toContain('Related news');
    expect(html).toMatch(/<nav aria-label="Breadcrumb"[^>]*><ol><li><a href="\/">Home<\/a><\/li><li><a href="\/news">News<\/a><\/li><li><span aria-current="page">Health system resilience/);
  });

  it("breadcrumbs of Medigy community pages lead to the community's pages", async () => {
    const { status, body: html } = await get('/news/medicalfuturist-the-medical-futurist');
    expect(status).toBe(200);
    expect(html).toMatch(/<li><a href="\/communities">Communities<\/a><\/li><li><a href="\/communities\/netspective-news">News<\/a><\/li><li><a href="\/communities\/news\/curated-content">Curated Content<\/a><\/li>/);
    for (const p of ['/communities', '/communities/netspective-news', '/communities/news/curated-content']) expect((await get(p)).status, p).toBe(200);
  });

  it('subject: the items of every collection that names it, once each, linked from each topic; 404 past the end', async () => {
    const { status, body: html } = await get('/subject/digital-health');
    expect(status).toBe(200);
    expect(html).toContain('<h1>Digital Health</h1>');
    for (const topic of ['/topic/healthcare-it-news-digital-health', '/topic/himss-digital-health']) {
      expect(html).toContain(`href="${topic}"`);
      const own = (await get(topic)).body;
      expect(own).toContain('href="/subject/digital-health"');
      // Every item of the topic is on the subject's page.
      for (const m of own.matchAll(/class="news-card__title"><a href="(\/news\/[^"]+)"/g)) expect(html, `${topic}: ${m[1]}`).toContain(`href="${m[1]}"`);
    }
    const items = [...html.matchAll(/class="news-card__title"><a href="(\/news\/[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(items).size).toBe(items.length);
    expect((await get('/subject/digital-health?page=99')).status).toBe(404);
    expect((await get('/subject/no-such-subject')).status).toBe(404);
    // One entry on /topics, linking to the subject.
    const topics = (await get('/topics')).body;
    expect(topics.match(/>Digital Health<\/a>/g)).toHaveLength(1);
    expect(topics).toContain('href="/subject/digital-health"');
  });

  it('topic: items newest first, paginated with rel=next/prev, the offerings, breadcrumbs', async () => {
    const { status, body: html } = await get('/topic/healthcare-it-news-digital-health');
    expect(status).toBe(200);
    expect(html).toContain('<h1>Digital Health</h1>');
    expect(text(html)).toContain('Healthcare IT News');
    const dates = [...html.matchAll(/<time dateTime="([^"]+)"/g)].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThan(3);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(html).toContain('href="/offering/luscii-platform"');
    expect(html).toMatch(/<a href="\/">Home<\/a>.*<a href="\/topics">Topics<\/a>.*<a href="\/topics\/healthcare-it-news">Healthcare IT News<\/a>.*<span aria-current="page">Digital Health<\/span>/s);
  });

  it('topic pagination links pages with rel=next and rel=prev, and refuses pages past the end', async () => {
    // Add enough items to one topic for three pages, then check the links.
    const extra = path.join(tempDir('many'), 'c');
    fs.mkdirSync(extra);
    for (let i = 0; i < 45; i++) {
      fs.writeFileSync(path.join(extra, `item-${i}.md`), recordText({ slug: `paged-${i}`, title: `Paged item ${i}`, date: `'2024-01-${String((i % 28) + 1).padStart(2, '0')}'`, categories: "\n  - 'Gartner: Paging'" }));
    }
    const pagedDb = path.join(path.dirname(extra), 'paged.db');
    await ingestAll({ contentDir: extra, databasePath: pagedDb });
    const paged = await startServer({ DATABASE_URL: `file:${pagedDb}` });
    try {
      const first = await (await fetch(`${paged.url}/topic/gartner-paging`)).text();
      expect(first).toContain('<a rel="next" href="/topic/gartner-paging?page=2">');
      expect(first).not.toContain('rel="prev"');
      const second = await (await fetch(`${paged.url}/topic/gartner-paging?page=2`)).text();
      expect(second).toContain('<a rel="prev" href="/topic/gartner-paging">');
      expect(second).toContain('<a rel="next" href="/topic/gartner-paging?page=3">');
      expect(second).toContain('Page 2 of 3');
      expect((await fetch(`${paged.url}/topic/gartner-paging?page=4`)).status).toBe(404);
      expect((await fetch(`${paged.url}/topic/gartner-paging?page=0`)).status).toBe(404);
      expect((await fetch(`${paged.url}/news?page=3`)).status).toBe(200);
      expect((await fetch(`${paged.url}/news?page=x`)).status).toBe(404);
    } finally {
      await paged.stop();
    }
  }, 60_000);

  it('topics: every subject with news, the most active first, and each collection one click away', async () => {
    const { status, body: html } = await get('/topics');
    expect(status).toBe(200);
    for (const collection of ['healthcare-it-news', 'himss', 'symplur', 'gartner', 'klas']) expect(html).toContain(`href="/topics/${collection}"`);
    expect(html).toMatch(/href="\/subject\/digital-health">Digital Health<\/a> <span class="topic-activity__facts">(?:Healthcare IT News, HIMSS|HIMSS, Healthcare IT News) · \d+ items?<\/span>/);
    // The subject with the most items comes first.
    expect(html.match(/<ol class="topic-activity"><li><a href="([^"]+)"/)![1]).toBe('/subject/digital-health');
  });

  it('offering: label, topics and every related item; offerings: all of them', async () => {
    const { status, body: html } = await get('/offering/who-academy');
    expect(status).toBe(200);
    expect(html).toContain('<h1>WHO Academy</h1>');
    expect(html).toContain('href="/topic/himss-workforce-development"');
    expect(html).toContain('href="/news/who-strengthening-health-workers-capacities-through-digital-health"');
    expect(html).toContain('href="/news/who-empowering-countries-to-harness-digital-health-for-stronger-health-systems"');
    expect(html).toContain('href="/news/who-digital-health"');
    const all = await get('/offerings');
    expect(all.status).toBe(200);
    for (const slug of ['luscii-platform', 'who-academy', 'kaia-health-platform', 'm-doc-smart-clinic']) expect(all.body).toContain(`href="/offering/${slug}"`);
  });

  it('news: all items newest first', async () => {
    const { status, body: html } = await get('/news');
    expect(status).toBe(200);
    expect(html.indexOf('who-digital-health')).toBeLessThan(html.indexOf('healthcareitnews-health-system-resilience'));
  });

  it('answers 404 with a helpful page for unknown slugs', async () => {
    for (const url of ["/news/no-such-item", "/topic/no-such-topic", "/offering/no-such-offering", "/nowhere", "/news?page=999", "/offering/who-academy?page=2"]) {
      const { status, body: html } = await get(url);
      expect(status, url).toBe(404);
      expect(html).toContain('We could not find that page');
      expect(html).toContain('href="/topics"');
    }
  });

  it('escapes hostile titles and serves only the sanitized body', async () => {
    const { status, body: html } = await get('/news/hostile-item');
    expect(status).toBe(200);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/onerror=|javascript:alert/);
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Hostile title');
    expect(text(html)).toContain('Safe text');
  });

  it('shows a featured image stored beside its record, with its size', async () => {
    const { body: html } = await get('/news/pictured-item');
    // Published under its content digest, with WebP widths up to its own for the browser to pick.
    const img = /<img class="news-item__image" src="\/media\/([0-9a-f]{40})-640\.webp" srcSet="([^"]+)" sizes="[^"]+" width="640" height="360" alt="A chart of adoption" loading="eager" decoding="async"\/>/.exec(html);
    expect(img, html.match(/<img class="news-item__image"[^>]*>/)?.[0]).not.toBeNull();
    const digest = img![1]!;
    expect(img![2]).toBe([160, 320, 480, 640].map((w) => `/media/${digest}-${w}.webp ${w}w`).join(', '));
    // Listings show it as the card's picture, small, with its size so the layout does not shift.
    expect((await get('/topic/healthcare-it-news-digital-health')).body).toMatch(
      new RegExp(`<li class="news-card news-card--pictured"><img class="news-card__image" src="/media/${digest}-320\\.webp" srcSet="[^"]+" sizes="\\(min-width: 640px\\) 9rem, 4\\.5rem" width="640" height="360" alt="" loading="lazy"`),
    );
    for (const name of [`${digest}.png`, `${digest}-160.webp`]) {
      const image = await fetch(`${server.url}/media/${name}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe(name.endsWith('.png') ? 'image/png' : 'image/webp');
      expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    // Served from the media folder beside the store: content/ is not needed (nor used).
    expect((await fetch(`${server.url}/media/pictured-featuredImage.png`)).status).toBe(404);
  });

  it('serves no file outside content/ through the media route', async () => {
    for (const url of ['/media/..%2Fpackage.json', '/media/%2E%2E/%2E%2E/etc/passwd', '/media/.env', '/media/seed.md']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('shows a new ingest without a rebuild or restart', async () => {
    fs.writeFileSync(path.join(contentDir, 'fresh.md'), recordText({ slug: 'fresh-item', title: 'A freshly curated item', date: "'2026-11-20'" }));
    expect((await get('/news/fresh-item')).status).toBe(404);
    const summary = await ingestAll({ contentDir, databasePath: dbFile });
    expect(summary.published).toBe(true);
    const page = await get('/news/fresh-item');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>A freshly curated item</h1>');
    expect((await get('/')).body).toContain('href="/news/fresh-item"');
  });
});

describe('source and tag pages', () => {
  it('lists everything curated from one publisher, linked from items', async () => {
    const { status, body: html } = await get('/source/hitconsultant.net');
    expect(status).toBe(200);
    expect(html).toContain('<h1>News from hitconsultant.net</h1>');
    expect((html.match(/class="news-card"/g) ?? []).length).toBe(4);
    expect((await get('/news/who-digital-health')).body).toContain('href="/source/who.int"');
    expect((await get('/source/no-such-publisher.example')).status).toBe(404);
  });

  it('lists the items of a tag, newest first, linked from items', async () => {
    const item = await get('/news/who-strengthening-health-workers-capacities-through-digital-health');
    expect(item.body).toContain('href="/tag/departmental-update"');
    const { status, body: html } = await get('/tag/departmental-update');
    expect(status).toBe(200);
    expect(html).toContain('Tagged “Departmental update”');
    expect(html.indexOf('who-empowering-countries')).toBeLessThan(html.indexOf('who-strengthening-health-workers'));
    expect((await get('/tag/departmental-update?page=2')).status).toBe(404);
    expect((await get('/tag/no-such-tag')).status).toBe(404);
  });
});
