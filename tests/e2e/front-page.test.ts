import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { CHROMIUM, CHROMIUM_FLAGS, recordText, SITE_DIR, siteContentDir, tempDir } from '../support/helpers';
import { screenshot } from '../support/screenshots';
import { startServer, type RunningServer } from '../support/server';

/**
 * The front page as a reader meets it, in Chromium with JavaScript off, at 1280 and 390
 * pixels: Medigy's samples (news, variants with their feed items, the rest of the site
 * with its communities and events) and, written here, one story that three publishers
 * covered today and an event a few days ahead. The story is one element naming its
 * three publishers; every block the content calls for is there; five headlines fit the
 * first screen of a phone; an item offers share links. Screenshots of the home, topic,
 * item and events pages at both widths go to test-results/screenshots/ for people to look at
 * (SCREENSHOTS=1).
 */
const HOUR = 3_600_000;
const NOW = Date.now();
const STORY = [
  { slug: 'stat-malaria-vaccine', brand: 'statnews.com', title: 'WHO endorses first malaria vaccine for children in Africa', at: NOW - 2 * HOUR },
  { slug: 'hitn-malaria-vaccine', brand: 'healthcareitnews.com', title: 'World Health Organization endorses first malaria vaccine, for children in Africa', at: NOW - 5 * HOUR },
  { slug: 'fierce-malaria-vaccine', brand: 'fiercehealthcare.com', title: 'First malaria vaccine for children endorsed by WHO for Africa', at: NOW - 9 * HOUR },
];
const EVENT_SLUG = 'himss-europe-digital-health-summit';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const contentDir = siteContentDir();
  fs.cpSync(SITE_DIR, path.join(contentDir, 'site'), { recursive: true });
  fs.chmodSync(path.join(contentDir, 'site'), 0o755);
  for (const r of STORY) {
    fs.writeFileSync(
      path.join(contentDir, `${r.slug}.md`),
      recordText({ title: `'${r.title}'`, slug: r.slug, date: `'${new Date(r.at).toISOString()}'`, link: `\n  brand: ${r.brand}\n  href: https://www.${r.brand}/${r.slug}`, categories: "\n  - 'Healthcare IT News: Population Health'" }),
    );
  }
  // An event ten days ahead, in Medigy's events format.
  fs.writeFileSync(
    path.join(contentDir, `${EVENT_SLUG}.md`),
    recordText({
      archetype: 'event',
      title: "'HIMSS Europe Digital Health Summit'",
      slug: EVENT_SLUG,
      date: `'${day(NOW + 10 * 24 * HOUR)}'`,
      eventEndDate: day(NOW + 12 * 24 * HOUR),
      openProjectCustomFields: '\n  location: Palau de Congressos de Catalunya, Barcelona\n  onlineEvent: false',
      link: '\n  brand: himss.org\n  href: https://www.himss.org/events/europe-summit',
      categories: "\n  - 'Healthcare IT News: Digital Health'",
    }),
  );
  const dbFile = path.join(tempDir('front-page'), 'site.db');
  const summary = await updateStore({ contentDir, databasePath: dbFile, full: true, purgeUrls: [] });
  expect(summary.problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function reader(width: number): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, viewport: { width, height: width < 600 ? 844 : 900 } });
}

describe('the front page', () => {
  for (const width of [1280, 390]) {
    it(`shows the story of three publishers as one element, and every block the content calls for (${width} px)`, { timeout: 60_000 }, async () => {
      const context = await reader(width);
      const page = await context.newPage();
      const answer = await page.goto(server.url + '/');
      expect(answer!.status()).toBe(200);

      // One element holds the story: its headline, and the two other publishers as "also covered by".
      const story = await page.evaluate((slugs) => {
        const holders = [...document.querySelectorAll('.lead-story, .headline, .news-card')].filter((el) => slugs.some((s) => el.querySelector(`a[href="/news/${s}"]`)));
        return holders.map((el) => ({
          headline: el.querySelector('a')!.getAttribute('href'),
          coveredBy: [...el.querySelectorAll('.covered-by a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent })),
          visible: (el as HTMLElement).getBoundingClientRect().height > 0,
        }));
      }, STORY.map((s) => s.slug));
      expect(story).toHaveLength(1);
      expect(story[0]!.visible).toBe(true);
      expect(story[0]!.headline).toBe(`/news/${STORY[0]!.slug}`);
      expect(story[0]!.coveredBy.map((c) => c.href).sort()).toEqual([`/news/${STORY[2]!.slug}`, `/news/${STORY[1]!.slug}`]);
      // Each publisher named: the story's own in its meta line, the others' in their links.
      const storyText = await page.locator('.lead-story, .headline').filter({ has: page.locator(`a[href="/news/${STORY[0]!.slug}"]`) }).innerText();
      for (const publisher of ['statnews.com', 'healthcareitnews.com', 'fiercehealthcare.com']) expect(storyText.toLowerCase()).toContain(publisher.split('.')[0]);

      // The blocks: top stories, a block for each of two communities, the river, upcoming events, active subjects.
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('main .front-block')].map((b) => ({
          title: b.querySelector('.block-title')!.textContent!,
          links: [...b.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
          community: b.classList.contains('front-section'),
        })),
      );
      const titles = blocks.map((b) => b.title);
      for (const title of ['Top stories', 'From the feeds', 'Upcoming events', 'Active subjects']) expect(titles).toContain(title);
      expect(blocks.filter((b) => b.community).length).toBeGreaterThanOrEqual(2);
      for (const b of blocks) expect(b.links.length, b.title).toBeGreaterThan(0);
      expect(blocks.find((b) => b.title === 'Upcoming events')!.links).toContain(`/news/${EVENT_SLUG}`);
      expect(blocks.find((b) => b.title === 'Top stories')!.links).not.toContain(`/news/${EVENT_SLUG}`);
      // The river: feed items only, each with its time and source.
      const river = await page.evaluate(() => [...document.querySelectorAll('.river li')].map((li) => ({ time: li.querySelector('time')?.getAttribute('datetime'), source: li.querySelector('.river__source')?.textContent })));
      expect(river.length).toBeGreaterThan(0);
      for (const r of river) expect(r.time && r.source).toBeTruthy();

      // The header: on a wide screen one row (name, navigation, search); on a phone the entries it leaves out are in the footer.
      const header = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const shown = (a: Element) => a.getBoundingClientRect().width > 0;
        return {
          // How far apart the middles of the name, the navigation and the search form are (px).
          spread: ((middles) => Math.max(...middles) - Math.min(...middles))([box('.site-header__brand'), box('nav[aria-label="Main"]'), ...(box('.search-box--wide').width ? [box('.search-box--wide')] : [])].map((r) => r.top + r.height / 2)),
          main: [...document.querySelectorAll('nav[aria-label="Main"] a')].filter(shown).map((a) => a.getAttribute('href')),
          footer: [...document.querySelectorAll('footer nav a')].filter(shown).map((a) => a.getAttribute('href')),
        };
      });
      if (width === 1280) expect(header.spread).toBeLessThan(16);
      for (const href of ['/news', '/topics', '/events', '/offerings']) expect([...header.main, ...header.footer]).toContain(href);

      if (width === 390) {
        const fold = await page.evaluate(() => {
          const inView = [...document.querySelectorAll<HTMLAnchorElement>('main a[href^="/news/"]')].filter((a) => {
            const r = a.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
          });
          return new Set(inView.map((a) => a.getAttribute('href'))).size;
        });
        expect(fold).toBeGreaterThanOrEqual(5);
      }
      await screenshot(page, `front-home-${width}`);
      await context.close();
    });
  }

  it('narrows listings to one kind by plain links, with their counts (JavaScript off)', { timeout: 60_000 }, async () => {
    const context = await reader(390);
    const page = await context.newPage();
    for (const start of ['/news', `/source/himss.org`, '/communities/pandemic']) {
      await page.goto(server.url + start);
      const filter = page.getByRole('navigation', { name: 'Kinds of item' });
      const choices = await filter.getByRole('link').evaluateAll((links) => links.map((a) => ({ text: a.textContent!, href: a.getAttribute('href')!, current: a.getAttribute('aria-current') })));
      if (start === '/source/himss.org') {
        // One kind only: nothing to choose between.
        expect(choices, start).toEqual([]);
        continue;
      }
      expect(choices[0]).toMatchObject({ text: expect.stringMatching(/^All \d+$/), current: 'page' });
      const narrower = choices.slice(1);
      expect(narrower.length, start).toBeGreaterThanOrEqual(2);
      const [label, count] = narrower[narrower.length - 1]!.text.split(/ (?=\d+$)/);
      await filter.getByRole('link', { name: narrower[narrower.length - 1]!.text }).click();
      expect(new URL(page.url()).searchParams.get('kind'), start).toBeTruthy();
      expect(await filter.locator('[aria-current="page"]').textContent()).toBe(`${label} ${count}`);
      const cards = await page.locator('.news-list > li').count();
      expect(cards, start).toBe(Math.min(Number(count), 20));
    }
    const video = await page.goto(server.url + '/news?kind=video');
    expect(video!.status()).toBe(200);
    const labels = await page.locator('.news-list > li .kind-label').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['Video']));
    expect((await page.goto(server.url + '/news?kind=nonsense'))!.status()).toBe(404);
    await context.close();
  });

  it('offers share links on the story, and screenshots every kind of page at both widths', { timeout: 120_000 }, async () => {
    const pages = [
      ['item', `/news/${STORY[0]!.slug}`],
      ['topic', '/topic/healthcare-it-news-population-health'],
      ['event', `/news/${EVENT_SLUG}`],
      ['events', '/events'],
    ];
    for (const width of [1280, 390]) {
      const context = await reader(width);
      const page = await context.newPage();
      for (const [name, url] of pages) {
        const answer = await page.goto(server.url + url!);
        expect(answer!.status(), url).toBe(200);
        await screenshot(page, `front-${name}-${width}`);
      }
      await page.goto(server.url + `/news/${STORY[0]!.slug}`);
      const share = await page.evaluate(() => [...document.querySelectorAll('section[aria-labelledby="share"] a')].map((a) => a.getAttribute('href')!));
      expect(share.length).toBeGreaterThanOrEqual(4);
      for (const href of share) expect(href).toMatch(/^(?:https:\/\/|mailto:)/);
      expect(share.some((href) => href.includes(encodeURIComponent(`/news/${STORY[0]!.slug}`)))).toBe(true);
      await context.close();
    }
  });
});
