import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { TAXONOMY_FILE } from '../../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../../lib/taxonomy/medigy';
import { CHROMIUM, CHROMIUM_FLAGS, PAGE_TYPES, SHARED, siteContentDir, tempDir } from '../support/helpers';
import { startServer, type RunningServer } from '../support/server';
import { axeViolations, WCAG_21_AA } from '../support/axe';
import { jsonLd, pageFetcher } from '../support/pages';
import { nuErrors } from '../support/vnu';
import { screenshot } from '../support/screenshots';

/**
 * Real Chromium against `next start`: a reader can browse from the home page to a
 * topic, an item and an offering with JavaScript turned off, and every page type
 * renders without console errors. Screenshots (SCREENSHOTS=1) land in test-results/ for people to look at.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const contentDir = siteContentDir();
  // Medigy's taxonomy, imported, so that topic pages have their hierarchy.
  const { lines } = convertMedigyTaxonomy(fs.readFileSync(path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl'), 'utf8'));
  fs.writeFileSync(path.join(contentDir, TAXONOMY_FILE), `${lines.join('\n')}\n`);
  const dbFile = path.join(tempDir('browser'), 'site.db');
  // Text and images, as `npm run ingest` publishes them: pages show their pictures.
  expect((await updateStore({ contentDir, databasePath: dbFile, full: true, purgeUrls: [] })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('in Chromium', () => {
  it('browses home → topic → item, the taxonomy, search and offerings with JavaScript off', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Digital Health Curated');

    // Two collections file items under Digital Health: one subject, whose page leads to each collection's topic.
    await page.getByRole('region', { name: 'Active subjects' }).getByRole('link', { name: /^Digital Health \d+$/ }).click();
    await page.waitForURL(/\/subject\/digital-health$/);
    expect(await page.locator('h1').textContent()).toBe('Digital Health');
    await page.getByRole('region', { name: 'Digital Health in each collection' }).getByRole('link', { name: 'Healthcare IT News: Digital Health' }).click();
    await page.waitForURL(/\/topic\//);
    expect(await page.locator('h1').textContent()).toBe('Digital Health');

    await page.locator('.news-card__title a').first().click();
    await page.waitForURL(/\/news\//);
    const title = await page.locator('h1').textContent();
    expect(title?.length).toBeGreaterThan(5);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'News' }).click();
    await page.waitForURL(/\/news$/);

    // Along the taxonomy: a topic's breadcrumb leads to its collection, which lists the topic.
    await page.goto(server.url + '/topic/centers-for-medicare-medicaid-services-cms-bundled-payments-for-care-improvement-bpci');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Innovation models' }).click();
    await page.waitForURL(/innovation-models$/);
    expect(await page.getByRole('heading', { name: 'Narrower topics' }).count()).toBe(1);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Centers for Medicare & Medicaid Services (CMS)' }).click();
    await page.waitForURL(/\/topics\/centers-for-medicare-medicaid-services-cms$/);
    await page.getByRole('link', { name: 'Billing & payments' }).click();
    await page.waitForURL(/billing-payments$/);
    await page.getByRole('link', { name: 'Claims & Clearinghouse' }).click();
    await page.waitForURL(/\/topic\/klas-claims-clearinghouse$/);

    // Search from the header, without JavaScript: on a phone the form opens from its
    // button (a <details>), then it is a plain GET form.
    expect(await page.getByRole('searchbox', { name: 'Search news' }).count()).toBe(0);
    await page.locator('header summary', { hasText: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search news' }).fill('Francophonie');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=Francophonie/);
    await page.locator('.news-card__title a').first().click();
    await page.waitForURL(/\/news\/who-empowering-countries/);

    await page.goto(server.url + '/news/who-digital-health');
    await page.getByRole('link', { name: 'WHO Academy' }).click();
    await page.waitForURL(/\/offering\/who-academy$/);
    expect(await page.locator('h1').textContent()).toBe('WHO Academy');
    await context.close();
  });

  // One test per look, each bounded on its own: a busy machine slows every page, not the count of pages a test may visit.
  const pages: [string, string][] = [
    ...PAGE_TYPES,
    ['collection', '/topics/healthcare-it-news'],
    ['not-found', '/news/no-such-item'],
  ];
  // axe in full at a phone's and a desktop's width; what only colours change (dark mode)
  // for contrast; the narrowest phone for what sticks out sideways (axe there repeated 390's).
  const ALL = { tags: [...WCAG_21_AA, 'best-practice'] };
  const CONTRAST = { rules: ['color-contrast', 'link-in-text-block'] };
  const looks = [
    { width: 360, colorScheme: 'light', axe: null },
    { width: 390, colorScheme: 'light', axe: ALL },
    { width: 1280, colorScheme: 'light', axe: ALL },
    // Dark mode (prefers-color-scheme) must keep its contrast too.
    { width: 1280, colorScheme: 'dark', axe: CONTRAST },
  ] as const;
  for (const { width, colorScheme, axe } of looks) {
    it(`renders every page type without console errors${axe === null ? ' or overflow' : ' or axe-core violations'} at ${width} px, ${colorScheme}`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(e.message));
      for (const [name, url] of pages) {
        const before = errors.length;
        const response = await page.goto(server.url + url);
        // The 404 page reports its own status as a failed load; nothing else may.
        if (name === 'not-found') {
          const own = errors.slice(before).filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));
          errors.splice(before, errors.length - before, ...own);
        }
        expect(response?.status(), url).toBe(name === 'not-found' ? 404 : 200);
        // Nothing may stick out sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
        await screenshot(page, `${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}`);
        if (axe !== null) expect(await axeViolations(page, axe), `${url} at ${width}px, ${colorScheme}`).toEqual([]);
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 600_000);
  }
  it('puts at least 5 headlines in the first 390×844 screen of the home page, and shows every block the content has', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    const fold = await page.evaluate(() => {
      const inView = [...document.querySelectorAll<HTMLAnchorElement>('main a[href^="/news/"]')].filter((a) => {
        const r = a.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
      return [...new Set(inView.map((a) => a.getAttribute('href')))];
    });
    console.log(`home at 390×844: ${fold.length} headlines above the fold`);
    expect(fold.length).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'home-390-fold', { fullPage: false });

    // The blocks of the bundled content and the Medigy samples, each with what it is for.
    const blocks = await page.evaluate(() =>
      [...document.querySelectorAll('main .front-block')].map((b) => ({
        title: b.querySelector('.block-title')!.textContent,
        stories: b.querySelectorAll('a[href^="/news/"]').length,
        topics: b.querySelectorAll('a[href^="/topic/"]').length,
      })),
    );
    expect(blocks.map((b) => b.title)).toEqual(expect.arrayContaining(['Top stories', 'Chronic Care Management (CCM)', 'Pandemic Community', 'From the feeds', 'Active subjects']));
    // A block without anything in it is not shown.
    for (const b of blocks) expect(b.stories + b.topics, b.title ?? '').toBeGreaterThan(0);
    // The lead has its picture; the river holds feed items only: time, source, title.
    expect(await page.locator('.lead-story--pictured .lead-story__image').count()).toBe(1);
    const river = await page.evaluate(() => [...document.querySelectorAll('.river li')].map((li) => ({ time: li.querySelector('time')?.getAttribute('datetime'), source: li.querySelector('.river__source')?.textContent, href: li.querySelector('a')?.getAttribute('href') })));
    expect(river.length).toBe(5);
    for (const r of river) {
      expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(['33 Charts', 'AMIA In The News']).toContain(r.source);
      expect(r.href).toMatch(/^\/news\/(?:33charts|amia)\.(?:com|org)-/);
    }
    await context.close();
  });

  it('keeps the navigation on one line of a 360 px phone, and listings short per item', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const [name, url] of PAGE_TYPES) {
      await page.goto(server.url + url);
      const nav = await page.evaluate(() => {
        const nav = document.querySelector('nav[aria-label="Main"]')!;
        const items = [...nav.querySelectorAll('li')].map((li) => li.getBoundingClientRect()).filter((r) => r.width > 0);
        return { tops: [...new Set(items.map((r) => Math.round(r.top)))], fits: nav.scrollWidth <= nav.clientWidth, count: items.length, header: document.querySelector('header')!.getBoundingClientRect().height };
      });
      expect(nav.tops, name).toHaveLength(1);
      // Five entries; the others are in the footer's navigation.
      expect(nav.count, name).toBe(5);
      // Every link visible, none scrolled out of view.
      expect(nav.fits, name).toBe(true);
      // Two short rows: the name with a Search button, the navigation.
      expect(nav.header, name).toBeLessThanOrEqual(112);
    }
    // A listing of 20 items was 11,500 px tall on a phone (cards of ~550 px): each card is now a few lines.
    for (const url of ['/topic/healthcare-it-news-digital-health', '/source/healthcareitnews.com', '/communities/chronic-care-management', '/tag/departmental-update']) {
      await page.goto(server.url + url);
      const heights = await page.evaluate(() => [...document.querySelectorAll('.news-card')].map((c) => c.getBoundingClientRect().height));
      expect(heights.length, url).toBeGreaterThan(0);
      expect(Math.max(...heights), url).toBeLessThanOrEqual(260);
    }
    await context.close();
  });

  it('puts what relates to an item in a second column on a wide screen, below it on a phone', async () => {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.url + '/news/healthcareitnews-health-system-resilience-depends-on-digital-tools');
      const [article, aside] = await Promise.all([page.locator('article.news-item').boundingBox(), page.locator('aside.item-aside').boundingBox()]);
      if (width === 1280) expect(aside!.x).toBeGreaterThanOrEqual(article!.x + article!.width);
      else expect(aside!.y).toBeGreaterThanOrEqual(article!.y + article!.height);
      for (const heading of ['Related offerings', 'Topics', 'More from healthcareitnews.com']) {
        expect(await page.locator('aside.item-aside').getByRole('heading', { name: heading }).count(), heading).toBe(1);
      }
      await context.close();
    }
  });

  it('offers share links on item pages: plain links with the canonical URL and title, no script, no tracking', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const [name, url] of PAGE_TYPES.filter(([, u]) => u.startsWith('/news/'))) {
      await page.goto(server.url + url);
      const found = await page.evaluate(() => ({
        canonical: document.querySelector('link[rel="canonical"]')!.getAttribute('href')!,
        title: document.querySelector('h1')!.textContent!,
        links: [...document.querySelectorAll('section[aria-labelledby="share"] a')].map((a) => ({ name: a.textContent, href: a.getAttribute('href')!, rel: a.getAttribute('rel'), target: a.getAttribute('target') })),
        scripts: [...document.querySelectorAll('script')].filter((s) => s.type !== 'application/ld+json').length,
      }));
      expect(found.links.map((l) => l.name), name).toEqual(['Share on LinkedIn', 'Share on X', 'Share on Facebook', 'Share on Bluesky', 'Share by E-mail']);
      expect(found.scripts, name).toBe(0);
      for (const link of found.links) {
        const href = new URL(link.href);
        expect(link.rel?.split(' '), link.href).toContain('noopener');
        expect(href.protocol, link.href).toMatch(/^(https|mailto):$/);
        const values = href.protocol === 'mailto:' ? [decodeURIComponent(/subject=([^&]*)/.exec(link.href)![1]!), decodeURIComponent(/body=([^&]*)/.exec(link.href)![1]!)] : [...href.searchParams.values()];
        // The canonical URL, whole, in one parameter; and the title where the service takes one.
        expect(values.some((v) => v === found.canonical || v.endsWith(` ${found.canonical}`)), link.href).toBe(true);
        if (!/linkedin|facebook/.test(href.hostname)) expect(values.some((v) => v.startsWith(found.title)), link.href).toBe(true);
        expect([...href.searchParams.keys()].filter((k) => /^utm_|^fbclid$|^ref$/.test(k)), link.href).toEqual([]);
      }
    }
    await context.close();
  });

  it('plays a video only when asked: nothing from any host but the site before the click, with JavaScript on or off; Nu-valid, with VideoObject', { timeout: 90_000 }, async () => {
    const VIDEO = '/news/youtube-zoeticx-provizion-ccm';
    const get = pageFetcher(server.url);
    expect(await nuErrors([VIDEO], get)).toEqual([]);
    const served = await get(VIDEO);
    expect(served.headers.get('content-security-policy')).toContain("frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com");
    expect(jsonLd(served.body).find((d) => d['@type'] === 'VideoObject')).toMatchObject({ embedUrl: 'https://www.youtube-nocookie.com/embed/d8Lavp9_L_E', uploadDate: expect.stringMatching(/^2\d{3}-/) });

    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      // Tests fetch nothing but 127.0.0.1: a request elsewhere is noted and never sent.
      const elsewhere: string[] = [];
      await context.route('**/*', (route) => {
        if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
      await page.goto(server.url + VIDEO, { waitUntil: 'load' });
      const frame = page.locator('iframe.video-player');
      await frame.scrollIntoViewIfNeeded();
      const play = page.frameLocator('iframe.video-player').getByRole('link', { name: /^Play the video: / });
      await expect(play.isVisible()).resolves.toBe(true);
      // The poster is the record's own published image, from the site.
      await expect(page.frameLocator('iframe.video-player').locator('img').getAttribute('src')).resolves.toMatch(/^\/media\//);
      await page.waitForLoadState('networkidle');
      expect(elsewhere, `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`).toEqual([]);
      await screenshot(page, `video-390${javaScriptEnabled ? '' : '-nojs'}`);

      // Pressed: the frame goes to the privacy-enhanced player, told to play.
      const [asked] = await Promise.all([context.waitForEvent('request', (r) => new URL(r.url()).hostname !== '127.0.0.1'), play.click()]);
      const player = new URL(asked.url());
      expect(player.origin + player.pathname).toBe('https://www.youtube-nocookie.com/embed/d8Lavp9_L_E');
      expect(player.searchParams.get('autoplay')).toBe('1');
      await context.close();
    }
  });
});
