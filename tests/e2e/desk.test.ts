import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFeeds } from '../../lib/desk/poll';
import { readSubscriptions, writeSubscriptions, type Subscription } from '../../lib/desk/subscriptions';
import { ingestAll } from '../../lib/ingest/full';
import { git } from '../support/content-repository';
import { rssFeed, startFeedServer, type FeedServer } from '../support/feed-server';
import { CHROMIUM, CHROMIUM_FLAGS, siteContentDir, tempDir } from '../support/helpers';
import { axeViolations } from '../support/axe';
import { screenshot } from '../support/screenshots';
import { startServer, type RunningServer } from '../support/server';

/**
 * The news desk's inbox in the built app: its writes inside the editor's security model
 * (session, CSRF, same origin), then an editor's whole review in Chromium with
 * JavaScript off: a story from two publishers shown as one, accept (the record form
 * filled in, a refused save shown by its field, then saved live with "also covered
 * by"), dismiss an item and a feed's backlog (never back after the next poll), and
 * subscriptions added and removed.
 */
const USER = 'desk';
const PASSWORD = 'a long desk passphrase';
const NOW = Date.now();
const hours = (h: number) => new Date(NOW - h * 3600_000);

let feeds: FeedServer;
let server: RunningServer;
let contentDir: string;
let dbFile: string;
let deskFile: string;

const sub = (p: string, title: string): Subscription => ({ title, xmlUrl: `${feeds.url}${p}`, htmlUrl: null, topics: [], mode: 'review', retired: null });
const poll = () =>
  pollFeeds({ contentDir, databasePath: dbFile, mediaDir: path.join(path.dirname(dbFile), 'media'), deskFile, reach: { allow: [`127.0.0.1:${feeds.port}`] }, limits: { timeoutMs: 5000 } });

beforeAll(async () => {
  feeds = await startFeedServer();
  contentDir = siteContentDir();
  git(contentDir, 'init', '--quiet', '--initial-branch=main');
  git(contentDir, 'add', '.');
  git(contentDir, 'commit', '--quiet', '-m', 'The content');
  const dir = tempDir('desk-e2e');
  dbFile = path.join(dir, 'site.db');
  deskFile = path.join(dir, 'desk.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  feeds.set('/stat.xml', {
    body: rssFeed('STAT', [
      { title: 'WHO launches global strategy on digital health for 2026', link: 'https://www.statnews.example/2026/who-digital-health-strategy', date: hours(2), summary: 'The strategy asks countries to fund <b>digital health</b> systems.', image: 'https://www.statnews.example/img/who.jpg' },
      { title: 'Nurses union sues over staffing ratios', link: 'https://www.statnews.example/2026/nurses', date: hours(5), summary: 'A lawsuit in California.' },
    ]),
  });
  feeds.set('/fierce.xml', {
    body: rssFeed('Fierce Healthcare', [
      { title: 'WHO launches global strategy on digital health for 2026 | Fierce', link: 'https://www.fierce.example/who-strategy', date: hours(1), summary: 'Member states adopted it.' },
      { title: '<script>alert(1)</script>Hostile <img src=x onerror=alert(2)> title', link: 'https://www.fierce.example/hostile', date: hours(3), summary: '<a href="javascript:alert(3)">click</a><script>alert(4)</script> plain words' },
    ]),
  });
  feeds.set('/backlog.xml', { body: rssFeed('Backlog Weekly', [1, 2, 3].map((n) => ({ title: `Backlog item number ${n} about pharmacy benefit managers`, link: `https://backlog.example/${n}`, date: hours(10 + n) }))) });
  writeSubscriptions(contentDir, [sub('/stat.xml', 'STAT'), sub('/fierce.xml', 'Fierce Healthcare'), sub('/backlog.xml', 'Backlog Weekly')]);
  const first = await poll();
  expect(first.items).toHaveLength(7);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir, DESK_FILE: deskFile, EDITOR_USER: USER, EDITOR_PASSWORD: PASSWORD });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await feeds?.close();
});

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${server.url}/editor/inbox`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

const form = (pathname: string, fields: [string, string][], headers: Record<string, string> = {}) =>
  fetch(`${server.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

describe('the inbox over HTTP', () => {
  it('answers only a signed-in editor, and every write needs the CSRF token and the editor\'s origin', async () => {
    const anonymous = await fetch(`${server.url}/editor/inbox`);
    expect(anonymous.headers.get('cache-control')).toBe('private, no-store');
    expect(anonymous.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const anonymousPage = await anonymous.text();
    expect(anonymousPage).toContain('Sign in to the editor');
    expect(anonymousPage).not.toContain('Nurses union');
    for (const p of ['/api/editor/inbox', '/api/editor/inbox/accept', '/api/editor/feeds']) {
      expect((await form(p, [['action', 'dismiss'], ['item', '1']])).status, p).toBe(401);
    }
    const s = await signIn();
    const inbox = await (await fetch(`${server.url}/editor/inbox`, { headers: { cookie: s.cookie } })).text();
    expect(inbox).toContain('Nurses union sues over staffing ratios');
    // The hostile item: its title as text, nothing executable anywhere.
    expect(inbox).toContain('Hostile');
    for (const bad of ['<script>alert', 'onerror=', 'javascript:']) expect(inbox).not.toContain(bad);
    const ids = [...inbox.matchAll(/name="item" value="(\d+)"/g)].map((m) => m[1]!);
    for (const [headers, token] of [[{ cookie: s.cookie }, ''], [{ cookie: s.cookie }, 'forged'], [{ cookie: s.cookie, origin: 'https://evil.example' }, s.csrf]] as const) {
      expect((await form('/api/editor/inbox', [['csrf', token], ['action', 'dismiss'], ['item', ids[0]!]], headers)).status).toBe(403);
      expect((await form('/api/editor/feeds', [['csrf', token], ['action', 'add'], ['xmlUrl', 'https://evil.example/feed']], headers)).status).toBe(403);
    }
    expect(await (await fetch(`${server.url}/editor/inbox`, { headers: { cookie: s.cookie } })).text()).toContain(`name="item" value="${ids[0]}"`);
    expect(readSubscriptions(contentDir).subscriptions.map((x) => x.xmlUrl)).not.toContain('https://evil.example/feed');
  });
});

describe('the inbox in Chromium, JavaScript off', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reviews a story from two publishers, accepts one with the other as "also covered by", dismisses, and manages subscriptions', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/editor/inbox`);
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${server.url}/editor/inbox`);

    // The story: one entry, two sources, newest first.
    const story = page.getByRole('region', { name: 'WHO launches global strategy on digital health for 2026 | Fierce' });
    await expect(story.getByText('One story, 2 sources').count()).resolves.toBe(1);
    await expect(story.locator('.inbox-title').allTextContents()).resolves.toEqual(['WHO launches global strategy on digital health for 2026 | Fierce', 'WHO launches global strategy on digital health for 2026']);
    await expect(story.locator('img.inbox-image').getAttribute('src')).resolves.toBe('https://www.statnews.example/img/who.jpg');
    await expect(story.locator('.inbox-summary').nth(1).innerHTML()).resolves.toContain('<b>digital health</b>');
    await expect(story.locator('.inbox-topics').first().textContent()).resolves.toMatch(/Suggested topics:.*— /);

    // Accept STAT's: the form comes filled in, Fierce's ticked as also covering it.
    await page.getByRole('link', { name: 'Accept “WHO launches global strategy on digital health for 2026”' }).click();
    await page.waitForURL(/\/editor\/inbox\/accept\?item=\d+$/);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('WHO launches global strategy on digital health for 2026');
    await expect(page.getByLabel('Address of the article').inputValue()).resolves.toBe('https://www.statnews.example/2026/who-digital-health-strategy');
    await expect(page.getByLabel('Image address').inputValue()).resolves.toBe('https://www.statnews.example/img/who.jpg');
    await expect(page.getByLabel('Fierce Healthcare: WHO launches global strategy on digital health for 2026 | Fierce').isChecked()).resolves.toBe(true);
    // A bad save comes back with what was typed and the problem by its field.
    await page.getByLabel('Title').fill('');
    await page.getByLabel('More topics (one per line, “Collection: Label”)').fill('HIMSS: Global Health Policy');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.waitForURL(/retry=1$/);
    await expect(page.locator('#accept-title-error').textContent()).resolves.toContain('needs a title');
    await expect(page.getByLabel('Title').getAttribute('aria-describedby')).resolves.toBe('accept-title-error');
    await expect(page.getByLabel('More topics (one per line, “Collection: Label”)').inputValue()).resolves.toBe('HIMSS: Global Health Policy');
    await page.getByLabel('Title').fill('WHO launches a global digital health strategy');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.waitForURL(/\/editor\/inbox\?accepted=/);
    const live = page.getByRole('status').getByRole('link');
    const href = (await live.getAttribute('href'))!;
    expect(href).toMatch(/^\/news\/statnews-who-launches-a-global-digital-health-strategy$/);
    // Both sources left the inbox; the record names Fierce's article.
    expect(await page.getByRole('region', { name: /WHO launches/ }).count()).toBe(0);
    const file = fs.readdirSync(contentDir).find((f) => f.startsWith('statnews-who-launches'))!;
    const text = fs.readFileSync(path.join(contentDir, file), 'utf8');
    expect(text).toMatch(/alsoCoveredBy:\n {2}- title: .*WHO launches global strategy.*\n {4}href: https:\/\/www\.fierce\.example\/who-strategy\n {4}brand: fierce\.example/);
    expect(text).toContain("- 'HIMSS: Global Health Policy'");
    expect(text).toContain('ogimage: https://www.statnews.example/img/who.jpg');
    await page.goto(`${server.url}${href}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('WHO launches a global digital health strategy');
    expect(git(contentDir, 'log', '-1', '--format=%an: %s')).toBe('desk: Add: WHO launches a global digital health strategy');

    // Dismiss one item, then a feed's whole backlog.
    await page.goto(`${server.url}/editor/inbox`);
    await page.getByRole('button', { name: 'Dismiss “Nurses union sues over staffing ratios”' }).click();
    await page.waitForURL(/dismissed=1$/);
    expect(await page.getByText('Nurses union sues over staffing ratios').count()).toBe(0);
    await page.getByText('Waiting by feed').click();
    await page.getByRole('button', { name: 'Dismiss the backlog of Backlog Weekly' }).click();
    await page.waitForURL(/dismissed=3$/);
    expect(await page.getByText(/Backlog item number/).count()).toBe(0);
    // The feeds change; what was dismissed or accepted never comes back.
    feeds.set('/stat.xml', {
      body: rssFeed('STAT', [
        { title: 'A fresh STAT story about hospital prices', link: 'https://www.statnews.example/2026/prices', date: hours(0.5) },
        { title: 'Nurses union sues over staffing ratios', link: 'https://www.statnews.example/2026/nurses', date: hours(5) },
        { title: 'WHO launches global strategy on digital health for 2026', link: 'https://www.statnews.example/2026/who-digital-health-strategy', date: hours(2) },
      ]),
    });
    const again = await poll();
    expect(again.items.map((i) => i.title)).toEqual(['A fresh STAT story about hospital prices']);
    await page.goto(`${server.url}/editor/inbox`);
    await expect(page.locator('.inbox-title').allTextContents()).resolves.toEqual(['A fresh STAT story about hospital prices', expect.stringContaining('Hostile')]);

    // Subscriptions: add one, then remove it; each a commit by the editor.
    await page.goto(`${server.url}/editor/feeds`);
    await page.getByLabel('Address of the feed (RSS, Atom or JSON Feed)').fill('https://www.healthcareit.example/feed');
    await page.getByLabel('Name').fill('Healthcare IT Example');
    await page.getByLabel('Default topics (one per line, “Collection: Label”)').fill('Healthcare IT News: Digital Health');
    await page.getByLabel('are published at once as feed items').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/added=/);
    expect(readSubscriptions(contentDir).subscriptions.at(-1)).toEqual({ title: 'Healthcare IT Example', xmlUrl: 'https://www.healthcareit.example/feed', htmlUrl: null, topics: ['Healthcare IT News: Digital Health'], mode: 'publish', retired: null });
    expect(git(contentDir, 'log', '-1', '--format=%an: %s')).toBe('desk: Feeds: subscribe to Healthcare IT Example');
    await page.getByRole('button', { name: 'Remove Healthcare IT Example' }).click();
    await page.waitForURL(/removed=/);
    expect(readSubscriptions(contentDir).subscriptions.map((s) => s.title)).toEqual(['STAT', 'Fierce Healthcare', 'Backlog Weekly']);
    // A feed address that is not one: said why, nothing written.
    await page.getByLabel('Address of the feed (RSS, Atom or JSON Feed)').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/problem=/);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('is not a web address');
    await context.close();
  });

  it('has no axe-core violations and no console errors on the desk\'s pages, phone and desktop', { timeout: 90_000 }, async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      // Scripts on, for axe: the pages must also work with Next.js's own scripts and the CSP.
      const context = await browser.newContext({ viewport, colorScheme: viewport.width < 500 ? 'dark' : 'light' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        // Feed images come from publishers' hosts, which this machine cannot reach.
        if (m.type() === 'error' && !/Failed to load resource: net::ERR_/.test(m.text())) errors.push(m.text());
      });
      await page.goto(`${server.url}/editor`);
      await page.getByLabel('User name').fill(USER);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: /Inbox \(\d+ waiting\)/ }).waitFor();
      const acceptHref = await (async () => {
        await page.goto(`${server.url}/editor/inbox`);
        return page.locator('.inbox-actions a').first().getAttribute('href');
      })();
      for (const url of ['/editor/inbox', acceptHref!, '/editor/feeds']) {
        await page.goto(`${server.url}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${viewport.width}px`).toBeLessThanOrEqual(0);
        expect(await axeViolations(page), `${url} at ${viewport.width}px`).toEqual([]);
        await screenshot(page, `desk-${url.split('?')[0]!.split('/').pop()}-${viewport.width}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
