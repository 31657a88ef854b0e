import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, siteContentDir, tempDir } from '../support/helpers';
import { startServer, type RunningServer } from '../support/server';

/**
 * The site attacked from outside, over loopback, against the production server
 * (tests/e2e/smuggling.test.ts attacks its framing and cache keys): symbolic links into
 * secrets, markup in feeds, sign-in lock-outs, sessions that outlive sign-out, cross-origin writes,
 * framing, expensive Markdown, huge bodies.
 */
const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
let app: RunningServer;
let contentDir: string;
let dbFile: string;
let mediaProblems: string[] = [];
const env = () => ({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: contentDir, EDITOR_USER: USER, EDITOR_PASSWORD: PASSWORD });

beforeAll(async () => {
  contentDir = siteContentDir({ variants: false });
  // A topic and an offering whose names are markup.
  fs.writeFileSync(
    path.join(contentDir, 'markup-names.md'),
    recordText({
      slug: 'example-markup-names',
      date: "'2099-01-01'",
      categories: "\n  - 'HIMSS: <Care> & \"Co\"'",
      relatedOfferings: "\n  - label: '<b>Bold</b> Kit'\n    permalink: /offering/bold-kit",
    }),
  );
  // Symbolic links a pull request could carry, named as records' images, and an image that really is one.
  const outside = tempDir('outside');
  fs.copyFileSync(path.join(import.meta.dirname, '..', '..', 'app', 'icon.svg'), path.join(outside, 'secret.svg'));
  fs.symlinkSync('/etc/passwd', path.join(contentDir, 'passwd.svg'));
  fs.symlinkSync('/proc/self/environ', path.join(contentDir, 'environ.svg'));
  fs.symlinkSync(path.join(outside, 'secret.svg'), path.join(contentDir, 'outside.svg'));
  fs.copyFileSync(path.join(import.meta.dirname, '..', '..', 'app', 'icon.svg'), path.join(contentDir, 'real.svg'));
  for (const name of ['passwd', 'environ', 'outside', 'real']) {
    fs.writeFileSync(
      path.join(contentDir, `pictured-${name}.md`),
      recordText({ slug: `example-pictured-${name}`, featuredImage: `\n  href: ${name}.svg\n  alt: ${name}`, link: `\n  brand: example.org\n  href: https://example.org/${name}` }),
    );
  }
  dbFile = path.join(tempDir('hostile'), 'site.db');
  const synced = await updateStore({ contentDir, databasePath: dbFile, full: true });
  expect(synced.problems).toEqual([]);
  // Caught as each record is read (its image is not a file inside content/), and again
  // as images are published: either way a warning naming the record or the image.
  mediaProblems = [
    ...synced.warnings.filter((w) => w.code === 'image-missing' && w.file.startsWith('pictured-')).map((w) => w.file),
    ...(synced.media?.problems.map((p) => p.file) ?? []),
  ];
  app = await startServer(env());
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

/** Raw bytes to a server; everything it answered before closing (or 3 s passed). */
function raw(url: string, bytes: string, waitMs = 3000): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.write(bytes);
    setTimeout(() => socket.destroy(), waitMs);
  });
}

const statuses = (answer: string) => [...answer.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));

describe('requests the site refuses (request smuggling: tests/e2e/smuggling.test.ts)', () => {
  it('answers TRACE with 405, not a 500 with a stack trace in the log', async () => {
    for (const p of ['/', '/news', '/api/editor/session']) {
      const answer = await raw(app.url, `TRACE ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: secret=1\r\nConnection: close\r\n\r\n`);
      expect(statuses(answer)).toEqual([405]);
      expect(answer).not.toContain('secret=1');
    }
  });

  it('caps request bodies: 413 past 1 MiB', async () => {
    const answer = await raw(app.url, `POST /api/editor/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{"url":`);
    expect(statuses(answer)).toEqual([413]);
  });
});

describe('/media/', () => {
  it('publishes a real image beside a record and nothing a link leads to', async () => {
    expect(mediaProblems.sort()).toEqual(['pictured-environ.md', 'pictured-outside.md', 'pictured-passwd.md']);
    const real = await (await fetch(`${app.url}/news/example-pictured-real`)).text();
    const src = /<img class="news-item__image" src="(\/media\/[0-9a-f]{40}\.svg)"/.exec(real)?.[1];
    expect(src).toBeTruthy();
    expect((await fetch(app.url + src)).status).toBe(200);
    for (const name of ['passwd', 'environ', 'outside']) {
      const page = await (await fetch(`${app.url}/news/example-pictured-${name}`)).text();
      expect(page, name).not.toContain('class="news-item__image"');
    }
    const published = fs.readdirSync(path.join(path.dirname(dbFile), 'media'));
    expect(published).toHaveLength(1);
    for (const p of ['/media/passwd.svg', '/media/environ.svg', '/media/outside.svg', '/media/real.svg', '/media/..%2Fsite.db', `/media/${'0'.repeat(40)}.svg`]) {
      const res = await fetch(app.url + p);
      const body = await res.text();
      expect(res.status, p).toBe(404);
      expect(body).not.toContain('root:');
      expect(body).not.toContain('EDITOR_PASSWORD');
    }
  });
});

describe('feeds with markup in names', () => {
  it('stay well-formed XML, with the names as text', async () => {
    for (const file of ['atom.xml', 'rss.xml']) {
      const body = await (await fetch(`${app.url}/feeds/${file}`)).text();
      const saved = path.join(tempDir('feed'), file);
      fs.writeFileSync(saved, body);
      const lint = spawnSync('xmllint', ['--noout', saved], { encoding: 'utf8' });
      expect(lint.status, `${file}: ${lint.stderr}`).toBe(0);
      expect(body).toContain('HIMSS: &lt;Care&gt; &amp; ');
      expect(body).not.toMatch(/<Care>/);
      if (file === 'atom.xml') expect(body).toContain('<title type="text">A curated item</title>');
    }
  });
});

describe('the editor under attack', () => {
  /** The editor's own browser: it signed in once, and keeps its device cookie. */
  let device = '';
  const signIn = (headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
  const cookieOf = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0];
  /** Signs in from the editor's browser; the session cookie and the CSRF token of its pages. */
  async function editorSession(): Promise<{ cookie: string; csrf: string }> {
    const res = await signIn({ 'x-forwarded-for': '198.51.100.50', cookie: device });
    expect(res.status).toBe(200);
    const cookie = cookieOf(res, 'dhc_editor')!;
    const page = await (await fetch(`${app.url}/editor`, { headers: { cookie } })).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
  }

  beforeAll(async () => {
    const first = await signIn({ 'x-forwarded-for': '198.51.100.50' });
    expect(first.status).toBe(200);
    device = cookieOf(first, 'dhc_device')!;
    expect(device).toBeTruthy();
  });

  it('cannot be locked out of a browser it signed in from, by failures from any number of addresses', async () => {
    // An attacker fails for the editor's name from four addresses, then sprays 500 other names.
    for (let i = 0; i < 24; i++) {
      await fetch(`${app.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i % 4}` }, body: JSON.stringify({ user: USER, password: `guess-${i}` }) });
    }
    const spray: number[] = [];
    for (let i = 0; i < 500; i += 50) {
      const batch = Array.from({ length: 50 }, (_, k) => i + k).map((n) =>
        fetch(`${app.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${n >> 8}.${n & 255}` }, body: JSON.stringify({ user: `user${n}`, password: 'x' }) }).then((r) => r.status),
      );
      spray.push(...(await Promise.all(batch)));
    }
    expect(spray).toContain(429);
    // A new browser waits; the editor's own browser signs in at once, from anywhere.
    expect((await signIn({ 'x-forwarded-for': '198.51.100.60' })).status).toBe(429);
    expect((await signIn({ 'x-forwarded-for': '198.51.100.61', cookie: device })).status).toBe(200);
  });

  it('ends a session at sign-out: the captured cookie opens nothing, not even after a restart', async () => {
    const { cookie, csrf } = await editorSession();
    expect((await fetch(`${app.url}/api/editor/suggest?q=di`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${app.url}/api/editor/session/end`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}`, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await fetch(`${app.url}/api/editor/suggest?q=di`, { headers: { cookie } })).status).toBe(401);
    expect(await (await fetch(`${app.url}/editor`, { headers: { cookie } })).text()).toContain('Sign in to the editor');
    await app.stop();
    app = await startServer(env());
    expect((await fetch(`${app.url}/api/editor/suggest?q=di`, { headers: { cookie } })).status).toBe(401);
    // Another session of the same editor is not affected.
    expect((await fetch(`${app.url}/api/editor/suggest?q=di`, { headers: { cookie: (await editorSession()).cookie } })).status).toBe(200);
  });

  it('refuses writes from another origin, the scheme included, and is never framed', async () => {
    const { cookie, csrf } = await editorSession();
    const page = await fetch(`${app.url}/editor`, { headers: { cookie } });
    await page.text();
    const host = new URL(app.url).host;
    const preview = (origin: string) =>
      fetch(`${app.url}/api/editor/preview`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, origin, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'x' }) });
    expect((await preview(`http://${host}`)).status).toBe(200);
    expect((await preview(`https://${host}`)).status).toBe(403);
    expect((await preview('http://evil.example')).status).toBe(403);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a preview that would take long to render at once, and the site keeps answering', async () => {
    const { cookie, csrf } = await editorSession();
    const t0 = performance.now();
    const [preview, reader] = await Promise.all([
      fetch(`${app.url}/api/editor/preview`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ body: '*_'.repeat(12_000) }) }),
      new Promise((r) => setTimeout(r, 20)).then(() => fetch(`${app.url}/topics?fresh=${Date.now()}`)),
    ]);
    expect(preview.status).toBe(422);
    expect(((await preview.json()) as { problems: { message: string }[] }).problems[0]!.message).toMatch(/^the body has 24,000 runs of \* or _/);
    expect(reader.status).toBe(200);
    // 24 KB of this took 13 s before, holding up every page meanwhile.
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

// The machine's own secrets stay on it: a sanity check that the test could have found them.
it('the test would notice a leak', () => {
  expect(fs.readFileSync('/etc/passwd', 'utf8')).toContain('root:');
  expect(os.platform()).toBe('linux');
});
