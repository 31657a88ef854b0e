import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecord } from '../../lib/content/parse';
import { readRecord } from '../../lib/content/record';
import { curate } from '../../lib/curation/curate';
import { runCommand } from '../support/cli';
import { ROOT, tempDir } from '../support/helpers';

/** A content directory with the bundled records in it. */
function contentCopy(): string {
  const dir = tempDir('curate');
  for (const name of fs.readdirSync(path.join(ROOT, 'content'))) fs.copyFileSync(path.join(ROOT, 'content', name), path.join(dir, name));
  return dir;
}

// A local web server stands in for publishers' pages (this machine has no internet).
let site: http.Server;
let siteUrl: string;
beforeAll(async () => {
  site = http.createServer((req, res) => {
    // A connection per request: Node's client and server both drop an idle kept-alive
    // socket after 5 s, and on a busy machine a test reusing one just then got "socket
    // hang up" (the gap before the redirect test is a whole `npm run curate`).
    res.setHeader('connection', 'close');
    if (req.url === '/article') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html><head><title>Fallback title</title>
        <meta property="og:title" content="Hospitals adopt remote monitoring &amp; virtual wards">
        <meta name="description" content="A short description.">
        <meta property="og:description" content="  Health systems in Europe are moving
          chronic-care patients to virtual wards.  ">
        <meta property="og:image" content="/images/ward.png">
        </head><body><p>Text</p></body></html>`);
    } else if (req.url === '/plain') {
      res.setHeader('content-type', 'text/html');
      res.end('<html><head><title> Just a title </title></head></html>');
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('<title>late</title>'), 3000);
    } else if (req.url === '/huge') {
      res.setHeader('content-type', 'text/html');
      res.write('<html><head><title>Huge page</title>');
      const chunk = `<meta name="filler" content="${'x'.repeat(64 * 1024)}">`;
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', pump);
        else res.end('</head></html>');
      };
      pump();
    } else if (req.url?.startsWith('/redirect?to=')) {
      res.statusCode = 302;
      res.setHeader('location', decodeURIComponent(req.url.slice('/redirect?to='.length)));
      res.end();
    } else if (req.url === '/pdf') {
      res.setHeader('content-type', 'application/pdf');
      res.end('%PDF-1.4');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => site.close(() => r())));

/** This machine is no place to fetch from, but for the test's own stand-in publisher. */
const trusted = () => ({ fetchLimits: { timeoutMs: 2000, maxBytes: 1024 * 1024, trustedOrigins: [siteUrl] } });

describe('curate', () => {
  it('writes a record in the seed format that the ingest accepts, reusing known offerings', async () => {
    const dir = contentCopy();
    const result = await curate(
      dir,
      {
        url: 'https://www.healthcareitnews.com/news/virtual-wards?utm_source=newsletter#comments',
        title: 'Virtual wards  scale up\n',
        description: 'Hospitals move chronic care home.',
        topics: ['Healthcare IT News: Remote Patient Monitoring', 'Symplur: -hash-telehealth'],
        offerings: ['Luscii Platform', 'New Ward Kit'],
        authors: ['Jane Editor'],
        body: 'Why it **matters**.',
      },
      { now: new Date('2026-11-20T10:00:00Z') },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.file).toBe('healthcareitnews-virtual-wards-scale-up.md');
    const record = readRecord(result.file, fs.readFileSync(path.join(dir, result.file), 'utf8'));
    if (!record.ok) throw new Error(JSON.stringify(record.problems));
    const r = record.record;
    expect(r.slug).toBe('healthcareitnews-virtual-wards-scale-up');
    expect(r.title).toBe('Virtual wards scale up');
    expect(r.link).toEqual({ brand: 'healthcareitnews.com', href: 'https://www.healthcareitnews.com/news/virtual-wards', original: 'https://www.healthcareitnews.com/news/virtual-wards' });
    expect(r.date.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(r.topics.map((t) => t.slug)).toEqual(['healthcare-it-news-remote-patient-monitoring', 'symplur-hash-telehealth']);
    expect(r.offerings.map((o) => [o.label, o.slug, o.offeringId])).toEqual([
      ['Luscii Platform', 'luscii-platform', 17551],
      ['New Ward Kit', 'new-ward-kit', null],
    ]);
    expect(r.authors).toEqual(['Jane Editor']);
    expect(r.breadcrumbs.at(-1)).toEqual({ label: 'Virtual wards scale up', href: null });
    expect(r.bodyHtml).toBe('<p>Why it <strong>matters</strong>.</p>');
    // Medigy's own fields, written as Medigy writes them.
    const front = parseRecord(result.file, fs.readFileSync(path.join(dir, result.file), 'utf8'));
    if (!front.ok) throw new Error(front.problem.message);
    expect(front.value.data.mdName).toBe(result.file);
    expect(front.value.data.categoryUrl).toEqual(['topic/healthcare-it-news-remote-patient-monitoring', 'topic/symplur-hash-telehealth']);
    expect(r.recordId).toBe(16864); // one more than the seed's id, the highest in content/
  });

  it('refuses an article curated before, however its URL is written, naming the record', async () => {
    const dir = contentCopy();
    const again = await curate(dir, { url: 'http://who.int/health-topics/digital-health/?utm_campaign=x', title: 'Again' });
    expect(again).toEqual({ ok: false, problems: [{ severity: 'error', code: 'already-curated', file: '(new record)', field: 'url', message: 'this article is already curated in who-digital-health-topic.md' }] });
  });

  it('refuses what the ingest would refuse, before writing anything', async () => {
    const dir = contentCopy();
    const before = fs.readdirSync(dir).sort();
    expect(await curate(dir, { url: 'javascript:alert(1)', title: 'x' })).toMatchObject({ ok: false, problems: [{ field: 'url' }] });
    expect(await curate(dir, { url: 'https://example.org/a' })).toMatchObject({ ok: false, problems: [{ field: 'title' }] });
    expect(await curate(dir, { url: 'https://example.org/a', title: 'x', topics: ['No collection'] })).toMatchObject({ ok: false, problems: [{ field: 'topics[0]' }] });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('gives a second article with the same title its own slug', async () => {
    const dir = contentCopy();
    const a = await curate(dir, { url: 'https://example.org/one', title: 'Same title' });
    const b = await curate(dir, { url: 'https://example.org/two', title: 'Same title' });
    expect([a.ok && a.slug, b.ok && b.slug]).toEqual(['example-same-title', 'example-same-title-2']);
  });

  it('--fetch fills the title and description from Open Graph metadata', async () => {
    const dir = contentCopy();
    const result = await curate(dir, { url: `${siteUrl}/article`, fetch: true, topics: ['HIMSS: Digital Health'] }, trusted());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const r = readRecord(result.file, result.text);
    if (!r.ok) throw new Error('invalid');
    expect(r.record.title).toBe('Hospitals adopt remote monitoring & virtual wards');
    expect(r.record.description).toBe('Health systems in Europe are moving chronic-care patients to virtual wards.');
    expect(r.record.socialMeta.ogimage).toBe(`${siteUrl}/images/ward.png`);
    // An editor's own title wins over the page's.
    const own = await curate(dir, { url: `${siteUrl}/plain`, fetch: true, title: 'My title' }, trusted());
    expect(own.ok && own.slug).toBe('127-my-title');
  });

  it('--fetch gives up on slow pages, reads at most the size cap, and refuses non-pages', async () => {
    const dir = contentCopy();
    const limits = { fetchLimits: { timeoutMs: 500, maxBytes: 256 * 1024, trustedOrigins: [siteUrl] } };
    expect(await curate(dir, { url: `${siteUrl}/slow`, fetch: true }, limits)).toMatchObject({ ok: false, problems: [{ message: 'the page did not answer within 0.5 s; give the title with --title' }] });
    const huge = await curate(dir, { url: `${siteUrl}/huge`, fetch: true }, limits);
    expect(huge.ok && huge.slug).toBe('127-huge-page');
    expect(await curate(dir, { url: `${siteUrl}/pdf`, fetch: true }, limits)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/not a web page \(application\/pdf\)/) }] });
    expect(await curate(dir, { url: `${siteUrl}/missing`, fetch: true }, limits)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/answered 404/) }] });
  });

  it('npm run curate writes the record and makes it live in the store', () => {
    const dir = contentCopy();
    const db = path.join(tempDir('curate-store'), 'site.db');
    const run = runCommand('curate', ['https://www.mobihealthnews.com/news/example', '--title', 'An example', '--topic', 'HIMSS: Digital Health', '--content', dir], {
      env: { ...process.env, DATABASE_URL: `file:${db}` },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('/news/mobihealthnews-an-example');
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT title FROM NewsItem WHERE slug = ?').get('mobihealthnews-an-example')).toEqual({ title: 'An example' });
    raw.close();
  });

  it('--fetch refuses this machine, private networks and redirects to them, naming the address', async () => {
    const dir = contentCopy();
    const port = new URL(siteUrl).port;
    const refused = async (url: string, options = {}) => {
      const r = await curate(dir, { url, fetch: true }, options);
      expect(r.ok, url).toBe(false);
      return r.ok ? '' : r.problems[0]!.message;
    };
    // Untrusted, the stand-in publisher on loopback is refused like any address of this machine.
    expect(await refused(`${siteUrl}/article`)).toBe(`127.0.0.1 is an address of this machine or a private network; only public web pages can be fetched; give the title with --title`);
    expect(await refused(`http://localhost:${port}/article`)).toMatch(/^localhost is at (127\.0\.0\.1|::1), an address of this machine or a private network/);
    for (const url of [`http://[::1]:${port}/`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://[fd00::1]/', 'http://[fe80::1]/', `http://[::ffff:127.0.0.1]:${port}/`, `http://2130706433:${port}/`, 'http://0.0.0.0/', 'http://100.64.0.1/']) {
      expect(await refused(url)).toMatch(/an address of this machine or a private network/);
    }
    // Trusted, the publisher may not redirect to an untrusted one on this machine.
    const hop = `http://localhost:${port}/article`;
    expect(await refused(`${siteUrl}/redirect?to=${encodeURIComponent(hop)}`, trusted())).toMatch(/^localhost is at .*, an address of this machine or a private network/);
    expect(await refused(`${siteUrl}/redirect?to=${encodeURIComponent('http://169.254.169.254/')}`, trusted())).toMatch(/^169\.254\.169\.254 is an address/);
    // Nothing was written.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('127'))).toEqual([]);
  });
});
