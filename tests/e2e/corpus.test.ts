import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, SHARED, SITE_DIR, siteContentDir, tempDir } from '../support/helpers';
import { jsonLd, pageFetcher } from '../support/pages';
import { startServer, type RunningServer } from '../support/server';
import { nuErrors } from '../support/vnu';

/**
 * Every kind of record Medigy published (../shared/medigy-sample/variants, with the bundled
 * content and the news samples), served the way a reader and a crawler meet them: each
 * at its own address with its source and images, offering profiles, feeds as sources,
 * every old address redirecting, and the pages valid HTML.
 */
const SITE = 'https://digitalhealthcurated.org';
const UPCOMING_EVENT = 'an-upcoming-digital-health-congress';
/** A Medigy event of 2020, cancelled. */
const PAST_EVENT = 'traumanurses-traumacon-2020-23rd-annual-conference-of-the-society-of-trauma-nurses';
let server: RunningServer;
let dbFile: string;

beforeAll(async () => {
  const contentDir = siteContentDir();
  // Medigy's events (all past by now) and one upcoming, written with a date from now.
  fs.cpSync(path.join(SITE_DIR, 'events'), path.join(contentDir, 'events'), { recursive: true });
  const start = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  fs.writeFileSync(
    path.join(contentDir, 'upcoming-event.md'),
    recordText({
      archetype: 'event',
      title: 'An upcoming digital-health congress',
      slug: UPCOMING_EVENT,
      date: `'${start}T14:30:00Z'`,
      eventEndDate: `'${start}T16:00:00Z'`,
      timeZone: 'Europe/Madrid',
      openProjectCustomFields: '\n  location: Palau De Congressos, Barcelona\n  onlineEvent: t',
    }),
  );
  dbFile = path.join(tempDir('corpus'), 'site.db');
  const synced = await updateStore({ contentDir, databasePath: dbFile, full: true });
  expect(synced.problems).toEqual([]);
  // The store and its media folder are the whole published site: content/ is not given.
  server = await startServer({ DATABASE_URL: `file:${dbFile}`, CONTENT_DIR: path.join(tempDir('no-content'), 'missing') });
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

const get = pageFetcher(() => server.url);

/** Every record of the variants: its file, and what the page must show of it. */
function variantRecords(): { file: string; slug: string; aliases: string[] }[] {
  const out: { file: string; slug: string; aliases: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md') && !full.includes(`${path.sep}offerings${path.sep}`)) {
        const text = fs.readFileSync(full, 'utf8');
        const slug = /^slug: ['"]?([^'"\n]+)['"]?$/m.exec(text)![1]!;
        const aliases = [...(/^aliases: (\S.*)$/m.exec(text)?.slice(1) ?? []), ...[...(/^aliases:\n((?: *- .*\n)+)/m.exec(text)?.[1]?.matchAll(/- ['"]?([^'"\n]+)/g) ?? [])].map((m) => m[1]!)];
        out.push({ file: full, slug, aliases });
      }
    }
  };
  walk(path.join(SHARED, 'medigy-sample', 'variants'));
  return out;
}

describe("Medigy's corpus, served", () => {
  it('publishes every record at /news/<slug> with its article as the source, and every alias redirects there', async () => {
    const records = variantRecords();
    expect(records.length).toBe(31);
    for (const r of records) {
      const page = await get(`/news/${r.slug}`);
      expect(page.status, r.file).toBe(200);
      const article = jsonLd(page.body).find((d) => d['@type'] === 'NewsArticle')!;
      const source = (article.isBasedOn as { url: string }).url;
      expect(source, r.file).toMatch(/^https?:\/\//);
      // The outbound link is the same address.
      expect(page.body, r.file).toContain(`class="button" href="${source.replace(/&/g, '&amp;')}"`);
      for (const alias of r.aliases) {
        const moved = await get(alias);
        expect(moved.status, `${r.file} ${alias}`).toBe(301);
        expect(new URL(moved.headers.get('location')!, server.url).pathname, alias).toBe(`/news/${r.slug}`);
      }
    }
  });

  it('shows each kind for what it is: videos, feed items, curated offerings, articles from empty links', async () => {
    const video = await get('/news/youtube-zoeticx-provizion-ccm');
    expect(video.body).toContain('<span class="kind-label">Video</span>');
    expect(video.body).toContain('Watch on youtube.com →');
    const guardian = await get('/news/-coronavirus-symptoms-what-are-they-and-should-i-see-a-doctor');
    expect(guardian.body).toContain('Read the original on theguardian.com →');
    expect(jsonLd(guardian.body).find((d) => d['@type'] === 'NewsArticle')!.isBasedOn).toMatchObject({
      url: 'http://www.theguardian.com/world/2020/mar/18/coronavirus-symptoms-what-are-they-doctor-covid-19',
      publisher: { name: 'theguardian.com' },
    });
    const feed = await get('/source/33charts.com');
    expect(feed.status).toBe(200);
    expect(feed.body).toContain('News from 33 Charts');
    expect(feed.body).toContain('href="https://33charts.com/blog/feed/"');
    expect(feed.body).toMatch(/<img class="source-icon" src="\/media\/[0-9a-f]{40}\.ico"[^>]* width="16" height="16"/);
    expect((await get('/news/33charts.com-communication-and-the-law-of-constraint')).body).toContain('<span class="kind-label">From the feeds</span>');
    const bare = await get('/topic/cdc');
    expect(bare.status).toBe(200);
    expect(bare.body).toContain('AMA raises questions about CDC');
  });

  it('gives every offering record a profile: vendor, description, website, logo, topics, news; JSON-LD Product', async () => {
    const page = await get('/offering/accessone');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>AccessOne</h1>');
    expect(page.body).toContain('by AccessOne MedCard, Inc');
    expect(page.body).toContain('We help patients pay for medical costs with affordable payment plans');
    expect(page.body).toContain('href="https://www.accessonemedcard.com/patients/"');
    expect(page.body).toMatch(/<img class="profile__logo" src="\/media\/[0-9a-f]{40}-128\.webp"[^>]* width="128" height="128" alt="AccessOne logo"/);
    expect(page.body).toContain('href="/topic/symplur-medical-billing"');
    const product = jsonLd(page.body).find((d) => d['@type'] === 'Product')!;
    expect(product).toMatchObject({ name: 'AccessOne', brand: { name: 'AccessOne MedCard, Inc' }, manufacturer: { name: 'AccessOne MedCard, Inc' }, category: 'Service' });
    for (const slug of ['amazing-charts-ehr', 'amazing-charts-ehr-hosted', 'caption-health-ai-guided-medical-imaging-acquisition-system', 'cerners-dosemerx', 'change-healthcare-capacity-planner', 'charm-healths-online-appointment-scheduling', 'edifecs-attachment-management']) {
      const profile = await get(`/offering/${slug}`);
      expect(profile.status, slug).toBe(200);
      expect(jsonLd(profile.body).some((d) => d['@type'] === 'Product'), slug).toBe(true);
      // No broken image where the record names a file that is not there.
      for (const src of profile.body.matchAll(/<img [^>]*src="([^"]+)"/g)) expect((await fetch(server.url + src[1])).status, `${slug} ${src[1]}`).toBe(200);
    }
    const index = await get('/offerings');
    expect(index.body).toContain('by AccessOne MedCard, Inc');
    expect(index.body).toMatch(/<img class="offering-card__logo" src="\/media\/[0-9a-f]{40}-128\.webp"/);
    const filtered = await get('/offerings?topic=symplur-medical-billing');
    expect(filtered.status).toBe(200);
    expect(filtered.body).toContain('>AccessOne</a>');
    expect(filtered.body).not.toContain('>Cerner&#x27;s DoseMeRx</a>');
    expect((await get('/offerings?topic=no-such-topic')).status).toBe(404);
    // A topic page lists its offerings with their logos.
    expect((await get('/topic/symplur-medical-billing')).body).toMatch(/Offerings in this topic[\s\S]*offering-card__logo[\s\S]*AccessOne/);
    // Profiles are in the sitemaps.
    const sitemap = await get('/sitemaps/offerings-1.xml');
    expect(sitemap.body).toContain(`<loc>${SITE}/offering/accessone</loc>`);
  });

  it('shows every image beside a record, sized, from the media folder alone, never a broken one', async () => {
    const pages = ['/', '/news', '/news/healthcareitnews-ama-raises-questions-about-cdc-s-changes-to-covid-19-testing-guidance', '/news/-coronavirus-symptoms-what-are-they-and-should-i-see-a-doctor', '/offerings', '/offering/accessone'];
    let images = 0;
    for (const p of pages) {
      const { body } = await get(p);
      for (const m of body.matchAll(/<img ([^>]*)>/g)) {
        const attrs = m[1]!;
        expect(attrs, p).toMatch(/width="\d+" height="\d+"/);
        const src = /src="([^"]+)"/.exec(attrs)![1]!;
        const res = await fetch(server.url + src);
        expect(res.status, `${p} ${src}`).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        for (const candidate of /srcSet="([^"]+)"/.exec(attrs)?.[1]?.split(', ') ?? []) expect((await fetch(server.url + candidate.split(' ')[0])).status).toBe(200);
        images++;
      }
    }
    expect(images).toBeGreaterThan(10);
    // A card's picture is a small variant, not the original.
    const card = /<img class="news-card__image" src="(\/media\/[0-9a-f]{40}-(\d+)\.webp)"/.exec((await get('/news')).body);
    expect(Number(card![2])).toBeLessThanOrEqual(480);
  });

  it('publishes events: /events, an event page with its facts and JSON-LD Event, calendar files; valid HTML', async () => {
    const events = await get('/events');
    expect(events.status).toBe(200);
    // Upcoming first, then past: the upcoming event before Medigy's 2020 one.
    expect(events.body.indexOf(`/news/${UPCOMING_EVENT}`)).toBeGreaterThan(-1);
    expect(events.body.indexOf(`/news/${UPCOMING_EVENT}`)).toBeLessThan(events.body.indexOf(`/news/${PAST_EVENT}`));
    expect(events.body).toContain('href="/events.ics"');
    const home = await get('/');
    expect(home.body).toContain('id="upcoming-events"');
    expect(home.body).toContain(`/news/${UPCOMING_EVENT}`);
    const page = await get(`/news/${UPCOMING_EVENT}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="/events/${UPCOMING_EVENT}.ics"`);
    expect(jsonLd(page.body).find((d) => d['@type'] === 'Event')).toMatchObject({ name: 'An upcoming digital-health congress', eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode' });
    expect((await get(`/news/${PAST_EVENT}`)).body).toContain('Cancelled');
    for (const file of ['/events.ics', `/events/${UPCOMING_EVENT}.ics`, `/events/${PAST_EVENT}.ics`]) {
      const r = await fetch(server.url + file);
      expect(r.status, file).toBe(200);
      expect(r.headers.get('content-type'), file).toBe('text/calendar; charset=utf-8');
      expect(await r.text(), file).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*BEGIN:VEVENT[\s\S]*END:VCALENDAR\r\n$/);
    }
    expect((await fetch(`${server.url}/events/no-such-event.ics`)).status).toBe(404);
    expect(await nuErrors(['/events', `/news/${UPCOMING_EVENT}`, `/news/${PAST_EVENT}`, '/'], get)).toEqual([]);
  }, 60_000);

  it('is valid HTML on every new page type (Nu Html Checker)', async () => {
    const pages = ['/news/youtube-zoeticx-provizion-ccm', '/news/-coronavirus-symptoms-what-are-they-and-should-i-see-a-doctor', '/source/33charts.com', '/offering/accessone', '/offering/amazing-charts-ehr', '/offerings', '/offerings?topic=symplur-medical-billing', '/topic/cdc'];
    expect(await nuErrors(pages, get)).toEqual([]);
  }, 60_000);
});
