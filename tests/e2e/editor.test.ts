import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { CHROMIUM, CHROMIUM_FLAGS, siteContentDir, tempDir } from '../support/helpers';
import { axeViolations } from '../support/axe';
import { screenshot } from '../support/screenshots';
import { startServer, type RunningServer } from '../support/server';

/**
 * The web editor against the production server: sign-in, CSRF, rate limits, path
 * checks, the sanitized preview, saves that are live at once, edits, drafts, two
 * editors at once; then an editor's whole flow in Chromium.
 */
const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
const TOPIC = 'Healthcare IT News: Digital Health';
const TOPIC_PAGE = '/topic/healthcare-it-news-digital-health';

let server: RunningServer;
let contentDir: string;

beforeAll(async () => {
  contentDir = siteContentDir();
  const dbFile = path.join(tempDir('editor'), 'site.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir, EDITOR_USER: USER, EDITOR_PASSWORD: PASSWORD });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Signed {
  cookie: string;
  csrf: string;
}

async function signIn(headers: Record<string, string> = {}): Promise<Signed & { setCookie: string }> {
  const res = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  const cookie = setCookie.split(';')[0]!;
  // The CSRF token is in the editor's pages, for its forms and scripts.
  const page = await (await fetch(`${server.url}/editor`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie, csrf: csrf!, setCookie };
}

function post(pathname: string, body: unknown, s: Partial<Signed> = {}, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(s.cookie ? { cookie: s.cookie } : {}), ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}), ...headers },
    body: JSON.stringify(body),
    redirect: 'manual',
  });
}

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${server.url}${pathname}`, { headers, redirect: 'manual' });

/** Asks for a page until it shows what `predicate` wants: how long that took, and how many answers it took. */
async function waitFor(pathname: string, predicate: (status: number, text: string) => boolean, timeoutMs = 3000): Promise<{ ms: number; tries: number }> {
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    const res = await get(pathname);
    if (predicate(res.status, await res.text())) return { ms: performance.now() - started, tries };
    if (performance.now() - started > timeoutMs) throw new Error(`${pathname} did not change within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sha1 = (text: string) => crypto.createHash('sha1').update(text).digest('hex');

describe('web editor security', () => {
  it('answers 401 to every write without a session or with a forged one', async () => {
    for (const p of ['/api/editor/records', '/api/editor/preview', '/api/editor/session/end']) {
      expect((await post(p, { url: 'https://example.org/x', title: 'x', body: 'x' })).status, p).toBe(401);
    }
    expect((await get('/api/editor/suggest?q=digital')).status).toBe(401);
    const forged = `${Buffer.from(JSON.stringify({ user: USER, expires: Date.now() + 1e7, nonce: 'x' })).toString('base64url')}.forged`;
    expect((await post('/api/editor/records', { url: 'https://example.org/x', title: 'x' }, { cookie: `dhc_editor=${forged}`, csrf: 'x' })).status).toBe(401);
    const signInPage = await (await get('/editor')).text();
    expect(signInPage).toContain('Sign in to the editor');
    expect((await get('/editor')).headers.get('cache-control')).toBe('private, no-store');
  });

  it('signs in with an HttpOnly, SameSite cookie, Secure behind https, and refuses a wrong password', async () => {
    const wrong = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: USER, password: 'guess' }) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const { setCookie } = await signIn();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=strict/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const overHttps = await signIn({ 'x-forwarded-proto': 'https' });
    expect(overHttps.setCookie).toMatch(/;\s*Secure/i);
  });

  it('refuses writes without the CSRF token, with a wrong one, or from another site', async () => {
    const s = await signIn();
    const record = { url: 'https://example.org/csrf', title: 'CSRF probe' };
    expect((await post('/api/editor/records', record, { cookie: s.cookie })).status).toBe(403);
    expect((await post('/api/editor/records', record, { cookie: s.cookie, csrf: 'not-the-token' })).status).toBe(403);
    expect((await post('/api/editor/records', record, s, { origin: 'https://evil.example' })).status).toBe(403);
    // A token from another session is no good either.
    const other = await signIn();
    expect((await post('/api/editor/records', record, { cookie: s.cookie, csrf: other.csrf })).status).toBe(403);
    expect(fs.readdirSync(contentDir).some((f) => f.includes('csrf-probe'))).toBe(false);
  });

  it('keeps every path inside content/', async () => {
    const s = await signIn();
    for (const bad of ['../package.json', '../../etc/passwd.md', 'sub/../../escape.md', '/etc/passwd.md', '.hidden.md', 'README.md', 'a\\..\\b.md', '']) {
      const res = await post('/api/editor/records', { path: bad, version: 'x', url: 'https://example.org/p', title: 'Path probe' }, s);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
    const page = await (await get(`/editor/edit?path=${encodeURIComponent('../package.json')}`, { cookie: s.cookie })).text();
    expect(page).not.toContain('"name": "digital-health-news"');
    expect(page).toContain('There is no record');

    // A title that reads like a path makes a plain slug, and a file inside content/.
    const res = await post('/api/editor/records', { url: 'https://example.org/traversal', title: '../../../etc/passwd', topics: [TOPIC] }, s);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { path: string; slug: string };
    expect(saved.slug).toMatch(/^[a-z0-9-]+$/);
    expect(saved.path).not.toContain('/');
    expect(fs.existsSync(path.join(contentDir, saved.path))).toBe(true);
  });

  it('previews hostile Markdown as inert HTML', async () => {
    const s = await signIn();
    const body = [
      '# Heading',
      '<script>alert(1)</script>',
      '[click](javascript:alert(2))',
      '<img src="x" onerror="alert(3)">',
      '<iframe src="https://evil.example"></iframe>',
      '<a href="https://example.org" onclick="alert(4)" style="color:red">ok</a>',
      '**bold**',
    ].join('\n\n');
    const res = await post('/api/editor/preview', { body }, s);
    expect(res.status).toBe(200);
    const { html } = (await res.json()) as { html: string };
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<h1>Heading</h1>');
    for (const bad of ['<script', 'javascript:', 'onerror', 'onclick', '<iframe', 'style=']) expect(html, bad).not.toContain(bad);
  });
});

describe('saving records', () => {
  it('makes a new link live on its topic page within a second, and refuses the same article twice', async () => {
    const s = await signIn();
    const res = await post('/api/editor/records', { url: 'https://www.example.org/news/fresh-from-the-editor?utm_source=x', title: 'Fresh from the editor', description: 'Saved through the web editor.', topics: [TOPIC], offerings: ['Luscii Platform'], body: 'Some **Markdown**.' }, s);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { path: string; slug: string; liveMs: number };
    const text = fs.readFileSync(path.join(contentDir, saved.path), 'utf8');
    expect(text).toMatch(/^---\n/);
    expect(text).toContain('title: Fresh from the editor');
    expect(text).toContain("- 'Healthcare IT News: Digital Health'");
    expect(text).toContain('href: https://www.example.org/news/fresh-from-the-editor\n');
    expect(text).toContain('Some **Markdown**.');
    const waited = await waitFor(TOPIC_PAGE, (status, html) => status === 200 && html.includes('Fresh from the editor'));
    console.log(`editor save → on its topic page: ${saved.liveMs} ms to save and ingest, then ${waited.ms.toFixed(0)} ms until the page showed it`);
    // Live when the save answers: the first page asked for after it shows the link (no
    // cache holds the old one). How long the save and that page take is the machine's:
    // a second here, more on a busy one (the figure above; \`npm run bench\` times it).
    expect(waited.tries).toBe(1);
    expect(saved.liveMs).toBeLessThan(10_000);
    expect((await get(`/news/${saved.slug}`)).status).toBe(200);

    const again = await post('/api/editor/records', { url: 'http://example.org/news/fresh-from-the-editor/', title: 'Again' }, s);
    expect(again.status).toBe(422);
    expect(((await again.json()) as { problems: { field: string; message: string }[] }).problems).toEqual([{ severity: 'error', code: 'already-curated', file: '(new record)', field: 'url', message: `this article is already curated in ${saved.path}` }]);

    const invalid = await post('/api/editor/records', { url: 'ftp://example.org/x', title: '', topics: ['no collection'] }, s);
    expect(invalid.status).toBe(422);
    const fields = ((await invalid.json()) as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(fields).toEqual(['url', 'title', 'topics[0]']);
  });

  it('never takes an old address of another item as a new slug', async () => {
    const s = await signIn();
    // The seed record answers at /news/health-system-resilience-depends-on-digital-tools
    // (one of its aliases); this link's slug would be that.
    const res = await post('/api/editor/records', { url: 'https://health.example/resilience', title: 'System resilience depends on digital tools', topics: [TOPIC] }, s);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { path: string; slug: string };
    expect(saved.slug).toBe('health-system-resilience-depends-on-digital-tools-2');
    expect(fs.existsSync(path.join(contentDir, 'health-system-resilience-depends-on-digital-tools.md'))).toBe(false);
    const old = await get('/news/health-system-resilience-depends-on-digital-tools');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toMatch(/\/news\/healthcareitnews-/);
  });

  it('edits, unpublishes and republishes a record; pages and sitemaps follow; a stale edit is refused', async () => {
    const s = await signIn();
    const created = (await (await post('/api/editor/records', { url: 'https://example.org/to-edit', title: 'Before the edit', topics: [TOPIC] }, s)).json()) as { path: string; slug: string; version: string };
    const file = path.join(contentDir, created.path);
    const version = sha1(fs.readFileSync(file, 'utf8'));
    expect(created.version).toBe(version);

    const edit = await post('/api/editor/records', { path: created.path, version, url: 'https://example.org/to-edit', title: 'After the edit', topics: [TOPIC] }, s);
    expect(edit.status).toBe(200);
    await waitFor(`/news/${created.slug}`, (status, html) => html.includes('After the edit'));
    // Saved on a version that is no longer the file's: refused, nothing lost.
    const stale = await post('/api/editor/records', { path: created.path, version, url: 'https://example.org/to-edit', title: 'Lost update' }, s);
    expect(stale.status).toBe(409);
    expect(fs.readFileSync(file, 'utf8')).toContain('After the edit');

    const current = sha1(fs.readFileSync(file, 'utf8'));
    const draft = await post('/api/editor/records', { path: created.path, version: current, url: 'https://example.org/to-edit', title: 'After the edit', topics: [TOPIC], status: 'draft' }, s);
    expect(draft.status).toBe(200);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^status: draft$/m);
    await waitFor(`/news/${created.slug}`, (status) => status === 404);
    const sitemap = await (await get('/sitemaps/news-1.xml')).text();
    expect(sitemap).not.toContain(created.slug);
    expect(await (await get(TOPIC_PAGE)).text()).not.toContain('After the edit');
    const listing = await (await get('/editor?q=After+the+edit', { cookie: s.cookie })).text();
    expect(listing).toMatch(/After the edit[\s\S]*draft/);

    const back = await post('/api/editor/records', { path: created.path, version: sha1(fs.readFileSync(file, 'utf8')), url: 'https://example.org/to-edit', title: 'After the edit', topics: [TOPIC] }, s);
    expect(back.status).toBe(200);
    await waitFor(`/news/${created.slug}`, (status) => status === 200);
  });

  it('loses nothing when two editors save at once', async () => {
    const [a, b] = await Promise.all([signIn(), signIn()]);
    const saves = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post('/api/editor/records', { url: `https://example.org/concurrent-${i}`, title: `Concurrent save ${i}`, topics: [TOPIC] }, i % 2 ? a : b)),
    );
    expect(saves.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const paths = await Promise.all(saves.map(async (r) => ((await r.json()) as { path: string }).path));
    expect(new Set(paths).size).toBe(6);
    for (const p of paths) expect(fs.existsSync(path.join(contentDir, p))).toBe(true);
    const topic = await (await get(`${TOPIC_PAGE}`)).text();
    for (let i = 0; i < 6; i++) expect(topic).toContain(`Concurrent save ${i}`);
  });
});

describe('the editor in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, sees the errors of a bad link, saves a good one and finds it on its topic page', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/editor`);
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong user name or password.').waitFor();
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Add a curated link' }).click();
    await page.waitForURL(/\/editor\/new$/);

    // A bad one: not a web address, no title, a topic without its collection.
    await page.getByLabel('Address of the article').fill('example.org/no-scheme');
    await page.getByLabel('Topics').fill('Telehealth');
    await page.getByLabel('Topics').press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    // One message next to each field it concerns, tied to it for screen readers.
    await page.locator('.field-error li').first().waitFor();
    const describedBy = async (label: string) => {
      const id = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
      return id ? page.evaluate((i) => document.getElementById(i)?.textContent ?? '', id) : '';
    };
    await expect(describedBy('Title')).resolves.toContain('needs a title');
    await expect(describedBy('Address of the article')).resolves.toContain('is not a web address');
    await expect(describedBy('Topics')).resolves.not.toBe('');
    expect(await page.locator('.field-error li').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);

    // Fix it; the preview follows the body as it is typed.
    await page.getByLabel('Address of the article').fill('https://example.org/from-chromium');
    await page.getByLabel('Title').fill('Curated in Chromium');
    await page.getByRole('button', { name: 'Remove Telehealth' }).click();
    await page.getByLabel('Topics').fill(TOPIC);
    await page.getByRole('button', { name: 'Add' }).first().click();
    await page.getByLabel('Body (Markdown)').fill('Why it matters: **remote care** <script>window.hacked = 1</script>');
    await page.locator('[data-testid="preview"] strong').waitFor();
    expect(await page.locator('[data-testid="preview"]').innerHTML()).not.toContain('script');
    await screenshot(page, 'editor-1280');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByRole('link').waitFor();
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();

    // The editor's pages on a phone, in dark mode, for people to look at.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await phone.goto(`${server.url}/editor`);
    await phone.getByLabel('User name').fill(USER);
    await phone.getByLabel('Password').fill(PASSWORD);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('link', { name: 'Add a curated link' }).waitFor();
    // Signed in on the address it came from (a redirect to another host name would lose the cookie).
    expect(new URL(phone.url()).host).toBe(new URL(server.url).host);
    for (const [name, url] of [['editor-list-390-dark', '/editor'], ['editor-new-390-dark', '/editor/new']]) {
      await phone.goto(`${server.url}${url}`);
      expect(await axeViolations(phone)).toEqual([]);
      await screenshot(phone, name!);
    }
    await phone.close();

    await page.goto(`${server.url}${TOPIC_PAGE}`);
    await page.getByRole('link', { name: 'Curated in Chromium' }).click();
    await page.waitForURL(/\/news\//);
    await expect(page.locator('h1').textContent()).resolves.toBe('Curated in Chromium');
    await page.close();
  });

  it('locks sign-in after repeated failures', async () => {
    let last = 0;
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: USER, password: `wrong-${i}` }) });
      last = res.status;
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      expect(res.status).toBe(401);
    }
    expect(last).toBe(429);
    // The right password is refused too while locked.
    const right = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
    expect(right.status).toBe(429);
  });
});
