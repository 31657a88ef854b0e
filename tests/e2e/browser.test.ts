import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { TAXONOMY_FILE } from '../../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../../lib/taxonomy/medigy';
import { CHROMIUM, CHROMIUM_FLAGS, PAGE_TYPES, ROOT, SHARED, siteContentDir, tempDir } from '../support/helpers';
import { startServer, type RunningServer } from '../support/server';

/**
 * Real Chromium against `next start`: a reader can browse from the home page to a
 * topic, an item and an offering with JavaScript turned off, and every page type
 * renders without console errors. Screenshots land in test-results/ for people to look at.
 */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA checks on the page as loaded; returns violations as text. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const contentDir = siteContentDir();
  // Medigy's taxonomy, imported, so that topic pages have their hierarchy.
  const { lines } = convertMedigyTaxonomy(fs.readFileSync(path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl'), 'utf8'));
  fs.writeFileSync(path.join(contentDir, TAXONOMY_FILE), `${lines.join('\n')}\n`);
  const dbFile = path.join(tempDir('browser'), 'site.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
  });
  fs.mkdirSync(SHOTS, { recursive: true });
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
    await expect(page.locator('h1').textContent()).resolves.toBe('Digital health, curated');

    await page.getByRole('complementary').getByRole('link', { name: 'Healthcare IT News Digital Health' }).click();
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

    // Search from the header box, without JavaScript: a plain GET form.
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

  it('renders every page type without console errors or axe-core violations, at phone and desktop widths', async () => {
    const pages: [string, string][] = [
      ...PAGE_TYPES,
      ['collection', '/topics/healthcare-it-news'],
      ['not-found', '/news/no-such-item'],
    ];
    const looks = [
      { width: 360, colorScheme: 'light' },
      { width: 390, colorScheme: 'light' },
      { width: 1280, colorScheme: 'light' },
      // Dark mode (prefers-color-scheme) must keep its contrast too.
      { width: 1280, colorScheme: 'dark' },
    ] as const;
    for (const { width, colorScheme } of looks) {
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
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}.png`), fullPage: true });
        expect(await axeViolations(page), `${url} at ${width}px, ${colorScheme}`).toEqual([]);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
