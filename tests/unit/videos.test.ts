import fs from 'node:fs';
import path from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoDetails } from '../../lib/content/video';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { homePage } from '../../lib/pages/home';
import { newsItemPage } from '../../lib/pages/news';
import { absoluteUrl } from '../../lib/site/config';
import { videoObject } from '../../lib/site/structured-data';
import { playerDocument } from '../../lib/site/video-player';
import { recordText, tempDir, VARIANTS_DIR } from '../support/helpers';
import { storeRows, visibleContent } from '../support/store-contents';

/**
 * Videos and editors' pins through the real ingest into a real SQLite file: Medigy's
 * video records and synthetic ones (Vimeo in openProjectCustomFields.videoUrl, a youtu.be
 * address with a start, no image) stored with their video; an item page's player that
 * names nothing of the provider's but the player it becomes on a click; VideoObject
 * structured data; pinned items leading the front page by weight, then date; a bad
 * `featured` value a warning, never a refusal; incremental and full ingest agreeing.
 */

const SAMPLES = fs.readdirSync(path.join(VARIANTS_DIR, 'video')).filter((f) => f.endsWith('.md'));

/** What the test knows of each video record it wrote or copied, worked out from the record's own text. */
interface Expected {
  slug: string;
  provider: 'youtube' | 'vimeo';
  id: string;
  pictured: boolean;
  /** Where the record's address starts the video, in seconds. */
  start?: number;
}

/** The provider's own addresses for a video, as their sites give them: the page, and the player a page may frame. */
function providerAddresses(v: Expected): { url: string; embedUrl: string } {
  if (v.provider === 'vimeo') return { url: `https://vimeo.com/${v.id}`, embedUrl: `https://player.vimeo.com/video/${v.id}` };
  return {
    url: `https://www.youtube.com/watch?v=${v.id}${v.start ? `&t=${v.start}s` : ''}`,
    embedUrl: `https://www.youtube-nocookie.com/embed/${v.id}${v.start ? `?start=${v.start}` : ''}`,
  };
}

/** A sample's slug, video id and image, read from its front matter as text (the oracle does not use the content layer). */
function sampleExpectation(file: string): Expected {
  const text = fs.readFileSync(path.join(VARIANTS_DIR, 'video', file), 'utf8');
  const href = /^link:\n(?: {2}.*\n)*? {2}href: (\S+)$/m.exec(text)![1]!;
  return {
    slug: /^slug: (\S+)$/m.exec(text)![1]!,
    provider: 'youtube',
    id: new URL(href).searchParams.get('v')!,
    pictured: fs.existsSync(path.join(VARIANTS_DIR, 'video', /^ {2}href: (\S+-featuredImage\.\w+)$/m.exec(text)![1]!)),
  };
}

const SYNTHETIC_VIDEOS: (Expected & { fields: Record<string, string | null> })[] = [
  {
    slug: 'vimeo-in-custom-fields',
    provider: 'vimeo',
    id: '76979871',
    pictured: false,
    fields: { link: '\n  brand: example.org\n  href: https://example.org/talk', openProjectCustomFields: '\n  videoUrl: https://vimeo.com/76979871' },
  },
  {
    slug: 'short-youtube-address',
    provider: 'youtube',
    id: 'dQw4w9WgXcQ',
    pictured: false,
    start: 90,
    fields: { link: '\n  brand: youtu.be\n  href: https://youtu.be/dQw4w9WgXcQ?t=1m30s' },
  },
];

/** Pins: the highest weight leads, then the newest among equal weights; an unpinned newer item comes after every pin. */
const PINS = [
  { slug: 'pinned-weight-two', date: '2019-01-01', featured: '2' },
  { slug: 'pinned-newer', date: '2020-06-01', featured: 'true' },
  { slug: 'pinned-older', date: '2020-01-01', featured: 'yes' },
  { slug: 'unpinned-newest', date: '2030-01-01', featured: null },
  { slug: 'unpinned-false', date: '2029-01-01', featured: 'false' },
];

/** Values that pin nothing and are a warning; the record publishes. */
const BAD_FEATURED = [
  { slug: 'featured-word', value: 'maybe' },
  { slug: 'featured-negative', value: '-1' },
  { slug: 'featured-fraction', value: '1.5' },
  { slug: 'featured-list', value: '\n  - 1' },
  { slug: 'featured-block', value: '\n  weight: 3' },
];

const samples = SAMPLES.map(sampleExpectation);
const videos: Expected[] = [...samples, ...SYNTHETIC_VIDEOS];
const previousUrl = process.env.DATABASE_URL;
let contentDir: string;
let dbFile: string;
let warnings: { code: string; file: string; field?: string }[];

function writeRecord(slug: string, fields: Record<string, string | null>) {
  fs.writeFileSync(path.join(contentDir, `${slug}.md`), recordText({ title: `Item ${slug}`, slug, link: `\n  brand: example.org\n  href: https://example.org/${slug}`, ...fields }));
}

beforeAll(async () => {
  contentDir = tempDir('videos-content');
  fs.cpSync(path.join(VARIANTS_DIR, 'video'), contentDir, { recursive: true });
  for (const entry of fs.readdirSync(contentDir)) fs.chmodSync(path.join(contentDir, entry), 0o644);
  for (const v of SYNTHETIC_VIDEOS) writeRecord(v.slug, v.fields);
  for (const p of PINS) writeRecord(p.slug, { date: `'${p.date}'`, ...(p.featured === null ? {} : { featured: p.featured }) });
  for (const b of BAD_FEATURED) writeRecord(b.slug, { date: "'2018-01-01'", featured: b.value });
  dbFile = path.join(tempDir('videos'), 'site.db');
  process.env.DATABASE_URL = `file:${dbFile}`;
  const summary = await updateStore({ contentDir, databasePath: dbFile, full: true, purgeUrls: [] });
  expect(summary.full?.problems).toEqual([]);
  expect(summary.full?.rejected).toBe(0);
  warnings = summary.full!.warnings;
}, 60_000);

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

function storedItems(file = dbFile): Map<string, { kind: string; video: string | null; featured: number }> {
  const rows = storeRows<{ slug: string; kind: string; video: string | null; featured: number }>(file, 'SELECT slug, kind, video, featured FROM NewsItem');
  return new Map(rows.map((r) => [r.slug, r]));
}

type Element = DefaultTreeAdapterMap['element'];

/** Every element of an HTML document, depth first. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const visit = (node: DefaultTreeAdapterMap['node']) => {
    if ('tagName' in node) out.push(node);
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
    if ('content' in node && node.content) visit(node.content as unknown as DefaultTreeAdapterMap['node']);
  };
  visit(parse(html) as unknown as DefaultTreeAdapterMap['node']);
  return out;
}

/** What a document loads by itself: every address in src, srcset, poster, data and CSS url(). */
function loadedAddresses(html: string): string[] {
  const found: string[] = [];
  for (const el of elements(html)) {
    for (const a of el.attrs) {
      if (['src', 'poster', 'data'].includes(a.name)) found.push(a.value);
      if (a.name === 'srcset') found.push(...a.value.split(',').map((c) => c.trim().split(/\s+/)[0]!));
      if (a.name === 'style') found.push(...[...a.value.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!));
    }
    if (el.tagName === 'style') for (const child of el.childNodes) if ('value' in child) found.push(...[...child.value.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!));
  }
  return found;
}

describe('videos', () => {
  it('stores the video of every record that names one: provider, id and the privacy-enhanced player', () => {
    const stored = storedItems();
    expect(samples.length).toBe(3);
    for (const v of videos) {
      const row = stored.get(v.slug);
      expect(row, v.slug).toBeDefined();
      expect(row!.kind, v.slug).toBe('video');
      const video = JSON.parse(row!.video!) as VideoDetails;
      expect(video, v.slug).toMatchObject({ provider: v.provider, id: v.id });
      const player = new URL(video.embedUrl);
      expect(player.hostname, v.slug).toBe(v.provider === 'youtube' ? 'www.youtube-nocookie.com' : 'player.vimeo.com');
      expect(player.pathname, v.slug).toBe(v.provider === 'youtube' ? `/embed/${v.id}` : `/video/${v.id}`);
    }
    // 1m30s into the youtu.be address: the player starts there.
    expect(new URL((JSON.parse(stored.get('short-youtube-address')!.video!) as VideoDetails).embedUrl).searchParams.get('start')).toBe('90');
    // Items that name no video store none.
    for (const p of PINS) expect(stored.get(p.slug)?.video, p.slug).toBeNull();
  });

  it("gives an item page a player that names nothing of the provider's until the click, and the provider's player after it", async () => {
    for (const v of videos) {
      const page = (await newsItemPage(v.slug))!;
      expect(page.video, v.slug).not.toBeNull();
      expect(page.image !== null, v.slug).toBe(v.pictured);
      const doc = playerDocument({ title: page.title, video: page.video!, poster: page.image });
      // Loaded before the click: only the site's own published image, when there is one.
      const loaded = loadedAddresses(doc);
      expect(loaded.every((a) => a.startsWith('/media/')), `${v.slug}: ${loaded.join(' ')}`).toBe(true);
      expect(loaded.length > 0, v.slug).toBe(v.pictured);
      expect(doc, v.slug).not.toMatch(/ytimg|i\.vimeocdn|youtube\.com\/watch|\/\/(www\.)?youtube\.com|\/\/vimeo\.com/);
      // The play button: a link to the privacy-enhanced player, told to play.
      const links = elements(doc).filter((e) => e.tagName === 'a');
      expect(links.length, v.slug).toBe(1);
      const play = new URL(links[0]!.attrs.find((a) => a.name === 'href')!.value);
      expect(play.origin, v.slug).toBe(v.provider === 'youtube' ? 'https://www.youtube-nocookie.com' : 'https://player.vimeo.com');
      expect(play.searchParams.get('autoplay'), v.slug).toBe('1');
      if (v.provider === 'vimeo') expect(play.searchParams.get('dnt'), v.slug).toBe('1');
      expect(links[0]!.attrs.find((a) => a.name === 'aria-label')?.value, v.slug).toBe(`Play the video: ${page.title}`);
      // Without an image of its own, the poster is the title.
      if (!v.pictured) expect(doc, v.slug).toContain(`<span class="title">Item ${v.slug}</span>`);
    }
  });

  it('escapes the title in the player document', () => {
    const video = { provider: 'youtube', id: 'dQw4w9WgXcQ', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', thumbnailUrl: null, start: null, end: null } as const;
    const doc = playerDocument({ title: '"><img src=x onerror=alert(1)> & </title><script>', video, poster: null });
    expect(elements(doc).map((e) => e.tagName).filter((t) => t === 'img' || t === 'script')).toEqual([]);
    expect(loadedAddresses(doc)).toEqual([]);
  });

  it('describes each video as a VideoObject: name, description, still, upload date, player and page', async () => {
    for (const v of videos) {
      const page = (await newsItemPage(v.slug))!;
      const image = page.image ? absoluteUrl(page.image.src) : null;
      const data = videoObject({ ...page, image, video: page.video! });
      const still = image ?? (v.provider === 'youtube' ? `https://i.ytimg.com/vi/${v.id}/hqdefault.jpg` : null);
      expect(data, v.slug).toEqual({
        '@context': 'https://schema.org',
        '@type': 'VideoObject',
        name: page.title,
        description: page.description ?? page.title,
        ...(still ? { thumbnailUrl: [still] } : {}),
        uploadDate: page.date.toISOString(),
        ...providerAddresses(v),
        mainEntityOfPage: absoluteUrl(`/news/${v.slug}`),
      });
    }
  });
});

describe('pinned items', () => {
  it('lead the front page by weight, then the newest, ahead of a newer unpinned item', async () => {
    const home = await homePage();
    expect(home.lead?.slug).toBe('pinned-weight-two');
    expect(home.topStories.slice(0, 3).map((s) => s.slug)).toEqual(['pinned-newer', 'pinned-older', 'unpinned-newest']);
    const stored = storedItems();
    expect(PINS.map((p) => [p.slug, stored.get(p.slug)?.featured])).toEqual([
      ['pinned-weight-two', 2],
      ['pinned-newer', 1],
      ['pinned-older', 1],
      ['unpinned-newest', 0],
      ['unpinned-false', 0],
    ]);
  });

  it('takes a bad featured value as a warning: the item publishes, unpinned', () => {
    const stored = storedItems();
    for (const b of BAD_FEATURED) {
      expect(stored.get(b.slug)?.featured, b.slug).toBe(0);
      expect(warnings.filter((w) => w.file === `${b.slug}.md` && w.code === 'featured-value'), b.slug).toMatchObject([{ field: 'featured' }]);
    }
    expect(warnings.filter((w) => w.code === 'featured-value')).toHaveLength(BAD_FEATURED.length);
  });
});

describe('incremental and full ingest', () => {
  it('agree on videos and pins after records change', async () => {
    const dir = tempDir('videos-changes');
    fs.cpSync(contentDir, dir, { recursive: true });
    const db = path.join(tempDir('videos-incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const edit = (slug: string, change: (text: string) => string) => fs.writeFileSync(path.join(dir, `${slug}.md`), change(fs.readFileSync(path.join(dir, `${slug}.md`), 'utf8')));
    edit('pinned-weight-two', (t) => t.replace('featured: 2', 'featured: false'));
    edit('unpinned-newest', (t) => t.replace('status:', 'featured: 5\nstatus:'));
    edit('short-youtube-address', (t) => t.replace('https://youtu.be/dQw4w9WgXcQ?t=1m30s', 'https://vimeo.com/123456789'));
    fs.writeFileSync(path.join(dir, 'new-video.md'), recordText({ slug: 'new-video', link: '\n  brand: youtube.com\n  href: https://www.youtube.com/watch?v=abcdefghijk' }));
    const summary = await updateStore({ contentDir: dir, databasePath: db, purgeUrls: [] });
    expect(summary).toMatchObject({ mode: 'incremental', published: true });
    const fullDb = path.join(tempDir('videos-full'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: fullDb, workers: 0 });
    const { danglingRelated: _a, relatedRows: _b, ...incremental } = visibleContent(db);
    const { danglingRelated: _c, relatedRows: _d, ...full } = visibleContent(fullDb);
    expect(incremental).toEqual(full);
    const stored = storedItems(db);
    expect(stored.get('pinned-weight-two')?.featured).toBe(0);
    expect(stored.get('unpinned-newest')?.featured).toBe(5);
    expect(JSON.parse(stored.get('short-youtube-address')!.video!)).toMatchObject({ provider: 'vimeo', id: '123456789' });
    expect(JSON.parse(stored.get('new-video')!.video!)).toMatchObject({ provider: 'youtube', id: 'abcdefghijk' });
  });
});
