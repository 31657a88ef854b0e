import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localServeEnv, readConfig, ConfigError } from '../../lib/config/env';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { chooseLead, homePage } from '../../lib/pages/home';
import { sourcePage } from '../../lib/pages/source';
import { collectionPage, topicsIndex } from '../../lib/pages/topic';
import { newsItemPage } from '../../lib/pages/news';
import { describeSite, siteIdentity } from '../../lib/site/identity';
import { shareLinks } from '../../lib/site/share';
import type { StoryCandidate } from '../../lib/store/queries/front-page';
import { recordText, tempDir } from '../support/helpers';

/**
 * The front page's rules (the lead, top stories, a block per community, the river, the
 * subjects active lately), `/topics` by activity, the site's own description and the
 * share links, against a store built by the real ingest from a generated corpus whose
 * answers the test works out on its own from the records it wrote.
 */

const DAY = 86_400_000;
const NEWEST = Date.UTC(2021, 5, 30, 12);

interface Written {
  slug: string;
  date: number;
  kind: 'article' | 'feed';
  brand: string;
  topics: string[];
  section: string | null;
  pictured: boolean;
}

const SECTIONS = ['/communities/alpha', '/communities/beta', '/communities/gamma'];
const RECENT_TOPICS = ['Recent: Busy', 'Recent: Steady', 'Recent: Rare'];

/**
 * 150 articles: 110 in the last three weeks before the newest (so "lately" is four
 * weeks, not the newest hundred), 40 from a year before on a topic with the most items
 * in all and none lately; 15 feed items; every date distinct. Three articles have a
 * published image: the newest pictured one is 3rd among the newest stories.
 */
function corpus(): Written[] {
  const out: Written[] = [];
  for (let i = 0; i < 110; i++) {
    const topics = [i % 3 ? RECENT_TOPICS[0]! : RECENT_TOPICS[1]!, ...(i % 9 === 0 ? [RECENT_TOPICS[2]!] : []), ...(i % 5 === 0 ? ['Old: Archive'] : [])];
    out.push({ slug: `recent-${i}`, date: NEWEST - i * 4 * 3_600_000 - (i % 7) * 60_000, kind: 'article', brand: `source-${i % 6}.example`, topics, section: SECTIONS[i % 3]!, pictured: i === 2 || i === 30 || i === 60 });
  }
  for (let i = 0; i < 40; i++) {
    out.push({ slug: `old-${i}`, date: NEWEST - 365 * DAY - i * DAY, kind: 'article', brand: 'archive.example', topics: ['Old: Archive'], section: i % 2 ? SECTIONS[0]! : null, pictured: false });
  }
  for (let i = 0; i < 15; i++) {
    out.push({ slug: `feed-${i}`, date: NEWEST - 30 * 60_000 - i * 5 * 3_600_000, kind: 'feed', brand: 'feed.example', topics: [], section: '/feed/latest', pictured: false });
  }
  return out;
}

async function writeCorpus(dir: string, records: Written[]) {
  const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#7a9' } }).png().toBuffer();
  for (const r of records) {
    const trail: Record<string, string> = r.section ? { breadcrumbLinks: `\n  - '/'\n  - '${r.section}'`, breadcrumbs: `\n  - Home\n  - '${r.section.split('/').pop()}'` } : {};
    const feed: Record<string, string> = r.kind === 'feed' ? { archetype: 'external-bookmark-feed', feed: '\n  title: The Feed\n  site_url: https://feed.example\n  feed_url: https://feed.example/rss' } : {};
    if (r.pictured) fs.writeFileSync(path.join(dir, `${r.slug}.png`), png);
    fs.writeFileSync(
      path.join(dir, `${r.slug}.md`),
      recordText({
        title: `Story ${r.slug}`,
        slug: r.slug,
        date: `'${new Date(r.date).toISOString()}'`,
        link: `\n  brand: ${r.brand}\n  href: https://${r.brand}/${r.slug}`,
        categories: r.topics.length ? `\n${r.topics.map((t) => `  - '${t}'`).join('\n')}` : '[]',
        ...(r.pictured ? { featuredImage: `\n  href: ${r.slug}.png` } : {}),
        ...trail,
        ...feed,
      }),
    );
  }
}

const records = corpus();
const newestFirst = [...records].sort((a, b) => b.date - a.date);
const stories = newestFirst.filter((r) => r.kind !== 'feed');
const previousUrl = process.env.DATABASE_URL;
let dbFile: string;

beforeAll(async () => {
  const dir = tempDir('front-content');
  await writeCorpus(dir, records);
  dbFile = path.join(tempDir('front'), 'site.db');
  process.env.DATABASE_URL = `file:${dbFile}`;
  const summary = await updateStore({ contentDir: dir, databasePath: dbFile, full: true, purgeUrls: [] });
  expect(summary.full?.problems).toEqual([]);
  expect(summary.full?.kinds).toEqual({ article: 150, feed: 15 });
}, 60_000);

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

describe('the front page', () => {
  it('leads with the newest story that has a picture, then the newest stories, never a feed item', async () => {
    const home = await homePage();
    const lead = stories.slice(0, 12).find((r) => r.pictured)!;
    expect(home.lead?.slug).toBe(lead.slug);
    expect(home.lead?.image).not.toBeNull();
    expect(home.topStories.map((s) => s.slug)).toEqual(stories.filter((s) => s !== lead).slice(0, 8).map((s) => s.slug));
  });

  it('runs the river of feed items, newest first', async () => {
    const home = await homePage();
    expect(home.river.map((s) => s.slug)).toEqual(newestFirst.filter((r) => r.kind === 'feed').slice(0, 12).map((r) => r.slug));
    expect(home.river.every((s) => s.kind === 'feed' && s.source?.title === 'The Feed')).toBe(true);
  });

  it('gives each community its newest stories not already shown above, and no block without any', async () => {
    const home = await homePage();
    const above = new Set([home.lead!.slug, ...home.topStories.map((s) => s.slug)]);
    // The feeds section holds only feed items: the river shows them, no block does.
    expect(home.sections.map((s) => s.section.path).sort()).toEqual([...SECTIONS].sort());
    for (const { section, items } of home.sections) {
      const expected = stories.filter((r) => r.section === section.path && !above.has(r.slug)).slice(0, 4);
      expect(items.map((i) => i.slug), section.path).toEqual(expected.map((r) => r.slug));
    }
  });

  it('names the subjects with the most items in the four weeks before the newest item, not before today', async () => {
    const home = await homePage();
    // The oracle: four weeks back from the newest item hold more than 100 items here.
    const since = NEWEST - 28 * DAY;
    const recent = records.filter((r) => r.date >= since);
    expect(recent.length).toBeGreaterThan(100);
    const counts = new Map<string, number>();
    for (const r of recent) for (const t of r.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
    // A subject is named by its label ("Collection: Label" → "Label").
    const expected = [...counts].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]).map(([t, n]) => [t.split(': ')[1], n]);
    expect(home.subjects.map((s) => [s.name, s.count])).toEqual(expected);
    // The topic with the most items in all is behind two lately.
    expect(home.subjects.map((s) => s.name)).toEqual(['Busy', 'Steady', 'Archive', 'Rare']);
  });

  it('orders /topics by activity, and says of each collection what its page lists', async () => {
    const index = await topicsIndex();
    expect(index.since?.getTime()).toBe(NEWEST - 28 * DAY);
    const total = new Map<string, number>();
    for (const r of records) for (const t of r.topics) total.set(t, (total.get(t) ?? 0) + 1);
    const recent = new Map<string, number>();
    for (const r of records.filter((r) => r.date >= NEWEST - 28 * DAY)) for (const t of r.topics) recent.set(t, (recent.get(t) ?? 0) + 1);
    const expected = [...total.keys()].sort((a, b) => (recent.get(b) ?? 0) - (recent.get(a) ?? 0) || total.get(b)! - total.get(a)!);
    // Every label is its own subject here: one entry each.
    expect(index.subjects.map((t) => `${t.collections.join(', ')}: ${t.name}`)).toEqual(expected);
    expect(index.subjects.map((t) => t.recent)).toEqual(expected.map((t) => recent.get(t) ?? 0));
    for (const c of index.collections) {
      expect(c.withNews, c.name).toBe(index.subjects.filter((t) => t.collections.includes(c.name)).length);
      expect(c.topicCount, c.name).toBe((await collectionPage(c.slug))!.topics.length);
    }
  });

  it('describes the site by the sources it carries', () => {
    const identity = siteIdentity();
    expect(identity.tagline).toBe('Digital-health news from archive.example, source-0.example, source-1.example and more, curated by topic.');
    expect(identity.description).toMatch(/ 165 curated items from 8 sources on 4 topics, each linked to its original publisher\.$/);
  });

  it('lists more from the same source beside an item, and what a source is about beside its listing', async () => {
    const item = (await newsItemPage('recent-6'))!;
    expect(item.moreFromSource.map((s) => s.slug)).toEqual(stories.filter((r) => r.brand === 'source-0.example' && r.slug !== 'recent-6').slice(0, 5).map((r) => r.slug));
    const source = (await sourcePage('archive.example', undefined))!;
    expect(source.topics.map((t) => [t.name, t.count])).toEqual([['Old: Archive', 40]]);
  });

  it('has no top stories and no blocks on a store of feed items only, and still its river', async () => {
    const dir = tempDir('front-feeds');
    await writeCorpus(dir, records.filter((r) => r.kind === 'feed'));
    const other = path.join(tempDir('front-feeds-store'), 'site.db');
    expect((await ingestAll({ contentDir: dir, databasePath: other })).problems).toEqual([]);
    // Renamed over the served store, as an ingest publishes: the pages reopen it.
    fs.renameSync(other, dbFile);
    const home = await homePage();
    expect(home.lead).toBeNull();
    expect(home.topStories).toEqual([]);
    expect(home.sections).toEqual([]);
    expect(home.river).toHaveLength(12);
    expect(home.subjects).toEqual([]);
  });
});

describe('the lead', () => {
  const at = (id: number, day: number, pictured: boolean, topicCount = 1): StoryCandidate => ({
    id,
    slug: `s${id}`,
    title: `Story ${id}`,
    url: `https://example.org/${id}`,
    source: null,
    date: new Date(Date.UTC(2021, 0, day)),
    pictured,
    topicCount,
  });
  it.each([
    ['the newest with a picture', [at(1, 9, false), at(2, 8, true), at(3, 7, true)], 2],
    ['of the same date, the one with the most topics', [at(1, 9, false), at(5, 8, true, 1), at(4, 8, true, 3)], 4],
    ['same date and topics: the smaller id', [at(7, 8, true, 2), at(6, 8, true, 2)], 6],
    ['no picture at all: the newest story', [at(1, 9, false, 1), at(2, 9, false, 4), at(3, 8, false, 9)], 2],
    ['a picture only past the newest twelve: the newest story', [...Array.from({ length: 12 }, (_, i) => at(i + 1, 30 - i, false)), at(99, 1, true)], 1],
  ])('%s', (_name, candidates, id) => {
    expect(chooseLead(candidates as StoryCandidate[])?.id).toBe(id);
  });
  it('none without stories', () => expect(chooseLead([])).toBeNull());
  it('the story with the most coverage among those pictured, however new the others', () => {
    const covered = new Map([[3, 2]]);
    expect(chooseLead([at(1, 9, true), at(2, 8, true), at(3, 7, true)], (id) => covered.get(id) ?? 0)?.id).toBe(3);
  });
});

describe('the site description', () => {
  const facts = (sources: string[], total = sources.length) => ({ items: 10, sources: total, topics: 3, topSources: sources.map((brand, i) => ({ brand, title: null, newsCount: 10 - i })) });
  const settings = { name: 'Site', tagline: null, description: null };
  it.each([
    [null, 'Digital-health news, curated by topic.'],
    [facts([]), 'Digital-health news, curated by topic.'],
    [facts(['a.org']), 'Digital-health news from a.org, curated by topic.'],
    [facts(['a.org', 'b.org']), 'Digital-health news from a.org and b.org, curated by topic.'],
    [facts(['a.org', 'b.org', 'c.org']), 'Digital-health news from a.org, b.org and c.org, curated by topic.'],
    [facts(['a.org', 'b.org', 'c.org'], 9), 'Digital-health news from a.org, b.org, c.org and more, curated by topic.'],
  ])('says where the news comes from: %j', (f, tagline) => {
    expect(describeSite(settings, f).tagline).toBe(tagline);
  });
  it('uses what is configured, as given', () => {
    expect(describeSite({ name: 'N', tagline: 'T.', description: 'D.' }, facts(['a.org']))).toEqual({ name: 'N', tagline: 'T.', description: 'D.' });
    expect(describeSite({ name: 'N', tagline: 'T.', description: null }, facts(['a.org'])).description).toBe('T. 10 curated items from 1 source on 3 topics, each linked to its original publisher.');
  });
  it('reads SITE_NAME, SITE_TAGLINE and SITE_DESCRIPTION, one line each', () => {
    expect(readConfig({}).site).toEqual({ name: 'Digital Health Curated', tagline: null, description: null });
    expect(readConfig({ SITE_NAME: '  Health  News ', SITE_TAGLINE: 'One\nline', SITE_DESCRIPTION: '' }).site).toEqual({ name: 'Health News', tagline: 'One line', description: null });
    let error: unknown;
    try {
      readConfig({ SITE_NAME: 'x'.repeat(81), SITE_TAGLINE: 'bell\u0007' });
    } catch (err) {
      error = err;
    }
    expect((error as ConfigError).problems).toEqual(['SITE_NAME: SITE_NAME must be at most 80 characters (found 81)', 'SITE_TAGLINE: SITE_TAGLINE holds control characters']);
  });
  it('npm start names the origin it serves unless SITE_URL names another', () => {
    expect(localServeEnv({ PORT: '4100' })).toMatchObject({ siteUrl: 'http://localhost:4100', defaulted: true, env: { SITE_URL: 'http://localhost:4100' } });
    expect(localServeEnv({})).toMatchObject({ siteUrl: 'http://localhost:3000', defaulted: true });
    expect(localServeEnv({ SITE_URL: 'https://news.example.org/' })).toMatchObject({ siteUrl: 'https://news.example.org', defaulted: false, env: { SITE_URL: 'https://news.example.org/' } });
  });
});

describe('share links', () => {
  const titles = ['Plain title', 'AT&T buys X? #1 deal', 'Quotes "double" & \'single\' </a><script>alert(1)</script>', 'Line\nbreak and\ttab', 'Percent %20 and + plus = equals', 'Ünïcödé — 医療 🩺', ' spaces around '];
  const urls = ['https://news.example.org/news/a-b', 'http://localhost:3000/news/x?page=2&y=1#frag', 'https://news.example.org/news/%E2%9C%93'];
  const expectedHosts: Record<string, string> = { LinkedIn: 'www.linkedin.com', X: 'x.com', Facebook: 'www.facebook.com', Bluesky: 'bsky.app' };
  for (const title of titles) {
    for (const url of urls) {
      it(`carries the canonical URL and the title exactly, nothing else: ${JSON.stringify(title)} at ${url}`, () => {
        const links = shareLinks({ url, title });
        expect(links.map((l) => l.name)).toEqual(['LinkedIn', 'X', 'Facebook', 'Bluesky', 'E-mail']);
        for (const link of links) {
          const parsed = new URL(link.href);
          // Nothing a title holds can end the address or add a parameter.
          expect(link.href).not.toMatch(/[\s"<>]/);
          if (link.name === 'E-mail') {
            expect(parsed.protocol).toBe('mailto:');
            expect(parsed.pathname).toBe('');
            expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body']);
            // mailto (RFC 6068) encodes spaces as %20, never +.
            expect(link.href).not.toContain('+');
            expect(decodeURIComponent(link.href.match(/subject=([^&]*)/)![1]!)).toBe(title);
            expect(decodeURIComponent(link.href.match(/body=([^&]*)/)![1]!)).toBe(url);
            continue;
          }
          expect(parsed.protocol).toBe('https:');
          expect(parsed.hostname).toBe(expectedHosts[link.name]);
          const params = Object.fromEntries(parsed.searchParams);
          expect(Object.keys(params).filter((k) => /^(utm_|fbclid|ref$|source$)/.test(k))).toEqual([]);
          if (link.name === 'Bluesky') expect(params).toEqual({ text: `${title} ${url}` });
          else if (link.name === 'X') expect(params).toEqual({ text: title, url });
          else if (link.name === 'Facebook') expect(params).toEqual({ u: url });
          else expect(params).toEqual({ url });
        }
      });
    }
  }
});
