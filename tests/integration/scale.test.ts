import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { feedData } from '../../lib/pages/feed';
import { homePage } from '../../lib/pages/home';
import { newsItemPage, newsListPage } from '../../lib/pages/news';
import { offeringPage, offeringsIndex } from '../../lib/pages/offering';
import { PAGE_SIZE } from '../../lib/pages/paging';
import { resolveRoute } from '../../lib/pages/resolve';
import { searchPage } from '../../lib/pages/search';
import { sectionPage, sectionsDirectory } from '../../lib/pages/section';
import { sitemapEntries, sitemapIndex } from '../../lib/pages/sitemap';
import { sourcePage } from '../../lib/pages/source';
import { tagPage } from '../../lib/pages/tag';
import { collectionPage, topicPage, topicsIndex } from '../../lib/pages/topic';
import { subjectIndex, subjectKey } from '../../lib/store/queries/subjects';
import { searchRequest } from '../../lib/search/query';
import { urlsetXml } from '../../lib/site/sitemap-xml';
import { suggestTopics } from '../../lib/store/queries/editor';
import { sitemapRows, type SitemapKind } from '../../lib/store/queries/sitemaps';
import { recordText, SHARED, tempDir } from '../support/helpers';
import { checkSearchIndex, visibleContent } from '../support/store-contents';
import { WIDE_SECTION_GROUPS, writeSyntheticCorpus } from '../support/synthetic-corpus';

/**
 * Listings, feeds and sitemaps at 5,000 topics, tags and sections (a real corpus gets
 * there without any hostile record): a store built by the real ingest from a wide
 * synthetic corpus, the pages' data read straight from lib/pages. Every statement any of
 * it sends to SQLite is counted: none may bind more parameters than a page of rows
 * needs, whatever the store holds (Prisma refuses past 999, P2029; it splits its own
 * relation lists into chunks of 999 instead, which this counts too).
 */
const N = 5_000;
const WIDE = { tags: N, sections: N, sources: 800, each: 6 };
const RECORDS = Math.ceil(N / WIDE.each);
const OFFERINGS = 2_000;
/** More than a page of rows (a feed's 30 sources, LIMIT and OFFSET) ever needs: a tenth of Prisma's limit. */
const MAX_PARAMETERS = 64;

let contentDir: string;
let dbFile: string;
const previousUrl = process.env.DATABASE_URL;

/** The most `?` placeholders a statement prepared in this process had, and which. */
const widest = { count: 0, sql: '' };
const prepare = Database.prototype.prepare;

beforeAll(async () => {
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    const count = (sql.replace(/'(?:[^']|'')*'/g, '').match(/\?/g) ?? []).length;
    if (count > widest.count) Object.assign(widest, { count, sql: sql.slice(0, 400) });
    return prepare.call(this, sql);
  } as typeof prepare;
  contentDir = tempDir('scale-content');
  writeSyntheticCorpus(contentDir, { count: RECORDS, topics: N, offerings: OFFERINGS, wide: WIDE });
  dbFile = path.join(tempDir('scale'), 'site.db');
  // Before the ingest: it reads the configuration (the record deadline), which is read once.
  process.env.DATABASE_URL = `file:${dbFile}`;
  const summary = await ingestAll({ contentDir, databasePath: dbFile });
  expect(summary.problems).toEqual([]);
}, 120_000);

afterAll(() => {
  Database.prototype.prepare = prepare;
  process.env.DATABASE_URL = previousUrl;
});

/** Read the store directly, for what the pages must agree with. */
function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/**
 * What each child sitemap must list, worked out another way: every row of each list
 * table read whole and the newest date per owner kept in JavaScript (the sitemaps take
 * one file's worth of owners and ask the index for each one's newest).
 */
function expectedSitemaps(): Record<SitemapKind, Map<string, number>> {
  const newest = (sql: string) => {
    const m = new Map<number, number>();
    for (const { owner, date } of query<{ owner: number; date: number }>(sql)) m.set(owner, Math.max(m.get(owner) ?? 0, date));
    return m;
  };
  const pages = (sql: string, path: (key: string) => string, dates: Map<number, number>, own: (row: { id: number; from: number | null }) => number = () => 0) =>
    new Map(query<{ id: number; key: string; from: number | null }>(sql).map((r) => [path(r.key), Math.max(dates.get(r.id) ?? 0, own(r))]));
  const topics = newest('SELECT topicId AS owner, date FROM NewsTopic');
  return {
    news: new Map(query<{ slug: string; date: number; lastMod: number | null }>('SELECT slug, date, lastMod FROM NewsItem').map((r) => [`/news/${r.slug}`, Math.max(r.date, r.lastMod ?? 0)])),
    topics: pages('SELECT id, slug AS key FROM Topic', (s) => `/topic/${s}`, topics),
    offerings: pages('SELECT id, slug AS key, coalesce(updatedOn, createdOn) AS "from" FROM Offering', (s) => `/offering/${s}`, newest('SELECT offeringId AS owner, date FROM NewsOffering'), (r) => r.from ?? 0),
    sources: pages('SELECT id, brand AS key FROM Source', (b) => `/source/${encodeURIComponent(b)}`, newest('SELECT sourceId AS owner, date FROM NewsItem')),
    tags: pages('SELECT id, slug AS key FROM Tag', (s) => `/tag/${s}`, newest('SELECT tagId AS owner, date FROM NewsTag')),
    sections: pages('SELECT id, path AS key FROM Section', (p) => p, newest('SELECT sectionId AS owner, date FROM NewsSection')),
  };
}

/**
 * The subjects the sitemaps must list, worked out another way: topics with news grouped
 * by their folded label in JavaScript, the groups of several kept; each one's newest item
 * date, sorted.
 */
function expectedSubjects(): number[] {
  const groups = new Map<string, number[]>();
  for (const t of query<{ id: number; label: string }>('SELECT id, label FROM Topic WHERE newsCount > 0')) {
    const key = subjectKey(t.label);
    if (key) groups.set(key, [...(groups.get(key) ?? []), t.id]);
  }
  const dates = new Map<number, number>();
  for (const { topicId, date } of query<{ topicId: number; date: number }>('SELECT topicId, date FROM NewsTopic')) dates.set(topicId, Math.max(dates.get(topicId) ?? 0, date));
  return [...groups.values()].filter((ids) => ids.length > 1).map((ids) => Math.max(...ids.map((id) => dates.get(id) ?? 0))).sort((a, b) => a - b);
}

const KINDS: SitemapKind[] = ['news', 'topics', 'offerings', 'sources', 'tags', 'sections'];

/** Every child sitemap the index lists, each against `expectedSitemaps`, each page in it one that answers. */
async function checkSitemaps() {
  const expected = expectedSitemaps();
  // Topics without news are noindex: not listed.
  for (const { slug } of query<{ slug: string }>('SELECT slug FROM Topic WHERE newsCount = 0')) expected.topics.delete(`/topic/${slug}`);
  const subjects = expectedSubjects();
  const index = await sitemapIndex();
  // 45,000 URLs a file (the default): one file of each kind, and of subjects when topics share one.
  expect(index.map((s) => s.name)).toEqual(['pages', ...KINDS.map((k) => `${k}-1`), ...(subjects.length ? ['subjects-1'] : [])]);
  const newest = Math.max(...expected.news.values());
  expect(index.every((s) => s.lastModified.getTime() === newest)).toBe(true);
  for (const kind of KINDS) {
    const entries = (await sitemapEntries(`${kind}-1`))!;
    expect(entries.length, kind).toBe(expected[kind].size);
    expect(new Map(entries.map((e) => [e.path, e.lastModified.getTime()])), kind).toEqual(expected[kind]);
    for (const e of entries) expect(['page', 'rewrite'], e.path).toContain(resolveRoute(e.path, new URLSearchParams()).kind);
    // Split into files of any size, the same pages in the same order.
    const split = [0, 1, 2, 3].flatMap((i) => sitemapRows(kind, i * Math.ceil(entries.length / 3), Math.ceil(entries.length / 3)));
    expect(split.length, kind).toBe(entries.length);
    expect(await sitemapEntries(`${kind}-2`), kind).toBeNull();
  }
  // Subjects: one entry per group of topics with news whose labels fold alike, dated by the group's newest item.
  const subjectEntries = (await sitemapEntries('subjects-1')) ?? [];
  expect(subjectEntries.map((e) => e.lastModified.getTime()).sort((a, b) => a - b)).toEqual(subjects);
  for (const e of subjectEntries) expect(resolveRoute(e.path, new URLSearchParams()).kind, e.path).toBe('page');
  return { expected, index, subjects };
}

describe(`listings, feeds and sitemaps at ${N.toLocaleString('en')} topics, tags and sections`, () => {
  it('builds the wide store it says', () => {
    const count = (sql: string) => query<{ n: number }>(sql)[0]!.n;
    expect(count('SELECT count(*) AS n FROM Topic WHERE newsCount > 0')).toBe(N);
    expect(count('SELECT count(*) AS n FROM Tag')).toBe(N + 1); // and "News"
    expect(count('SELECT count(*) AS n FROM Section')).toBe(N + WIDE_SECTION_GROUPS + 1); // and /hubs and its groups
    expect(count('SELECT count(*) AS n FROM Source')).toBe(WIDE.sources);
    expect(count('SELECT count(*) AS n FROM Offering WHERE newsCount > 0')).toBe(OFFERINGS);
    expect(count('SELECT count(*) AS n FROM NewsItem')).toBe(RECORDS);
    // Search entries go into the index batch by batch as records are read: one each, and the
    // index agrees with its text (FTS5's own check).
    expect(count('SELECT count(*) AS n FROM NewsSearch')).toBe(RECORDS);
    checkSearchIndex(dbFile);
  });

  it('lists every item, topic, offering, source, tag and section in the sitemaps, each dated by its newest item', async () => {
    const { expected, subjects } = await checkSitemaps();
    expect(subjects.length).toBeGreaterThan(0);
    expect(expected.topics.size).toBe(N);
    expect(expected.tags.size).toBe(N + 1);
    expect(expected.sections.size).toBe(N + WIDE_SECTION_GROUPS + 1);
    // Valid against the sitemaps.org schema, the largest file included.
    const file = path.join(tempDir('scale-sitemap'), 'sections-1.xml');
    fs.writeFileSync(file, urlsetXml((await sitemapEntries('sections-1'))!));
    const lint = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED, 'schemas', 'sitemap.xsd'), file], { encoding: 'utf8' });
    expect(lint.stderr.trim()).toBe(`${file} validates`);
  });

  it('answers the listing pages and feeds of any topic, tag, section, source and offering', async () => {
    const sample = <T>(rows: T[]) => rows.filter((_, i) => i % 250 === 0 || i === rows.length - 1);
    for (const { slug, newsCount } of sample(query<{ slug: string; newsCount: number }>('SELECT slug, newsCount FROM Topic WHERE newsCount > 0 ORDER BY id'))) {
      const page = (await topicPage(slug, undefined))!;
      expect(page.items.length, slug).toBe(Math.min(newsCount, PAGE_SIZE));
      expect((await feedData({ kind: 'topic', slug }))!.entries.length, slug).toBe(Math.min(newsCount, 30));
    }
    for (const { slug, newsCount } of sample(query<{ slug: string; newsCount: number }>('SELECT slug, newsCount FROM Tag ORDER BY id'))) {
      expect((await tagPage(slug, undefined))!.items.length, slug).toBe(Math.min(newsCount, PAGE_SIZE));
    }
    for (const { path: p, newsCount } of sample(query<{ path: string; newsCount: number }>('SELECT path, newsCount FROM Section ORDER BY id'))) {
      expect((await sectionPage(p, undefined))!.items.length, p).toBe(Math.min(newsCount, PAGE_SIZE));
      expect((await feedData({ kind: 'section', path: p }))!.entries.length, p).toBe(Math.min(newsCount, 30));
    }
    for (const { brand, newsCount } of sample(query<{ brand: string; newsCount: number }>('SELECT brand, newsCount FROM Source ORDER BY id'))) {
      expect((await sourcePage(brand, undefined))!.items.length, brand).toBe(Math.min(newsCount, PAGE_SIZE));
    }
    for (const { slug, listedCount } of sample(query<{ slug: string; listedCount: number }>('SELECT slug, listedCount FROM Offering ORDER BY id'))) {
      expect((await offeringPage(slug, undefined))!.items.length, slug).toBe(Math.min(listedCount, PAGE_SIZE));
      expect((await feedData({ kind: 'offering', slug }))!.entries.length, slug).toBeGreaterThan(0);
    }
    // The largest topic, paged to its end.
    const big = query<{ slug: string; newsCount: number }>('SELECT slug, newsCount FROM Topic ORDER BY newsCount DESC LIMIT 1')[0]!;
    const last = Math.ceil(big.newsCount / PAGE_SIZE);
    expect(last).toBeGreaterThan(5);
    expect((await topicPage(big.slug, String(last)))!.items.length).toBe(big.newsCount - (last - 1) * PAGE_SIZE);
    expect(await topicPage(big.slug, String(last + 1))).toBeNull();
    // /hubs: 50 groups under it, and the sections of each.
    expect((await sectionPage('/hubs', undefined))!.children).toHaveLength(WIDE_SECTION_GROUPS);
    const group = '/hubs/group-7';
    const under = query<{ n: number }>('SELECT count(*) AS n FROM Section WHERE parentId = (SELECT id FROM Section WHERE path = ?)', group)[0]!.n;
    expect((await sectionPage(group, undefined))!.children).toHaveLength(under);
  });

  it('answers the listings of everything: home, /news, /topics and its collections, /offerings, search with filters, the editor\'s suggestions', async () => {
    const home = await homePage();
    expect(home.lead).not.toBeNull();
    expect(home.topStories).toHaveLength(8);
    expect(home.sections.length).toBeGreaterThan(0);
    expect(home.subjects.length).toBeGreaterThan(0);
    const directory = await sectionsDirectory();
    // At most twelve sections under each: /hubs has fifty.
    expect(directory.roots.find((r) => r.path === '/hubs')!.children).toHaveLength(12);
    expect((await newsListPage('3', undefined))!.items).toHaveLength(PAGE_SIZE);
    const topics = await topicsIndex();
    // The same subject in each collection is one entry: every topic with news in one of them.
    const subjects = subjectIndex().all;
    expect(topics.subjects).toHaveLength(subjects.length);
    expect(subjects.reduce((n, s) => n + s.topics.length, 0)).toBe(N);
    expect(subjects.length).toBeLessThan(N);
    expect(topics.collections.reduce((n, c) => n + c.withNews, 0)).toBe(N);
    const collection = (await collectionPage(topics.collections[0]!.slug))!;
    expect(collection.topics.length).toBe(topics.collections[0]!.topicCount);
    const offerings = (await offeringsIndex())!;
    expect(offerings.offerings).toHaveLength(OFFERINGS);
    expect(offerings.topics).toHaveLength(40);
    expect((await offeringsIndex(offerings.topics[0]!.slug))!.offerings).toHaveLength(offerings.topics[0]!.count);
    // Filtered by the topic and source of one item: it is found.
    const one = query<{ title: string; topic: string; source: string }>(
      'SELECT n.title, t.slug AS topic, s.slug AS source FROM NewsItem n JOIN NewsTopic nt ON nt.newsId = n.id JOIN Topic t ON t.id = nt.topicId JOIN Source s ON s.id = n.sourceId ORDER BY t.newsCount LIMIT 1',
    )[0]!;
    const found = (await searchPage(searchRequest({ q: one.title.split(' ').slice(0, 3).join(' '), topic: one.topic, source: one.source })))!;
    expect(found.results.map((r) => r.title.map((run) => run.text).join(''))).toContain(one.title);
    expect(suggestTopics('Wide').length + suggestTopics('Digital').length).toBeGreaterThan(0);
  });

  it(`never binds more than ${MAX_PARAMETERS} parameters in one statement, whatever the store holds`, () => {
    expect(widest.count, widest.sql).toBeLessThanOrEqual(MAX_PARAMETERS);
  });
});

describe('an incremental update that touches every topic', () => {
  it('applies in place, names every page it touched, and leaves the store a full ingest of the same files makes', async () => {
    const names = (sql: string) => query<{ name: string }>(sql).map((r) => r.name);
    const topics = names('SELECT name FROM Topic ORDER BY id');
    const tags = names('SELECT name FROM Tag ORDER BY id');
    const offerings = query<{ label: string; slug: string }>('SELECT label, slug FROM Offering ORDER BY id');
    const hubs = query<{ path: string }>("SELECT path FROM Section WHERE path LIKE '/hubs/hub-%' ORDER BY id").map((r) => r.path);
    const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const list = (items: string[]) => `\n${items.map((s) => `  - ${q(s)}`).join('\n')}`;
    // Records name thousands of each (halves: a record's front matter holds 256 KiB at most).
    const halves = <T>(all: T[]) => [all.slice(0, all.length / 2), all.slice(all.length / 2)];
    const write = (name: string, fields: Record<string, string>) =>
      fs.writeFileSync(path.join(contentDir, `${name}.md`), recordText({ slug: `example-${name}`, title: `About ${name}`, link: `\n  brand: everything.example\n  href: https://everything.example/${name}`, ...fields }));
    halves(topics).forEach((part, i) => write(`topics-${i}`, { categories: list(part) }));
    halves(tags).forEach((part, i) => write(`tags-${i}`, { tags: list(part) }));
    halves(offerings).forEach((part, i) =>
      write(`offerings-${i}`, { relatedOfferings: `\n${part.map((o) => `  - label: ${q(o.label)}\n    permalink: /offering/${o.slug}\n    categories: [${q(topics[0]!)}]`).join('\n')}` }),
    );
    halves(hubs).forEach((part, i) => write(`sections-${i}`, { breadcrumbLinks: list(['/', ...part, '#']), breadcrumbs: list(['Home', ...part.map((p) => `Hub at ${p}`), 'x']) }));
    // And one item taken out: its topics are recounted too.
    const gone = fs.readdirSync(contentDir).find((f) => f.endsWith('.md') && !f.startsWith('example') && !/^(topics|tags|offerings|sections)-/.test(f))!;
    fs.rmSync(path.join(contentDir, gone));

    const summary = await updateStore({ contentDir, databasePath: dbFile });
    expect(summary).toMatchObject({ mode: 'incremental', published: true, problems: [] });
    expect(summary.added).toHaveLength(8);
    expect(summary.removed).toEqual([gone]);
    const keys = new Set(summary.keys);
    for (const { id } of query<{ id: number }>('SELECT id FROM Topic')) expect(keys.has(`t${id}`), `t${id}`).toBe(true);
    for (const { id } of query<{ id: number }>('SELECT id FROM Tag')) expect(keys.has(`g${id}`), `g${id}`).toBe(true);

    // The pages of what the records name: every one of it, in the record's order.
    const item = (await newsItemPage('example-topics-0'))!;
    expect(item.topics.map((t) => t.name)).toEqual(topics.slice(0, N / 2));
    expect((await newsItemPage('example-tags-1'))!.tags).toHaveLength(tags.length - Math.floor(tags.length / 2));
    expect((await newsItemPage('example-offerings-0'))!.offerings.map((o) => o.slug)).toEqual(offerings.slice(0, OFFERINGS / 2).map((o) => o.slug));
    const trail = (await newsItemPage('example-sections-1'))!.trail;
    expect(trail.filter((s) => s.href?.startsWith('/hubs/'))).toHaveLength(hubs.length / 2);
    // A topic that every offering belongs to, and its offerings' listing.
    expect((await topicPage(query<{ slug: string }>('SELECT slug FROM Topic WHERE name = ?', topics[0])[0]!.slug, undefined))!.offerings).toHaveLength(OFFERINGS);
    expect((await feedData({ kind: 'topic', slug: query<{ slug: string }>('SELECT slug FROM Topic ORDER BY id DESC LIMIT 1')[0]!.slug }))!.entries.some((e) => e.topics.length === N / 2)).toBe(true);
    await checkSitemaps();
    expect(widest.count, widest.sql).toBeLessThanOrEqual(MAX_PARAMETERS);

    // The same files, ingested from scratch: the same store.
    const scratch = path.join(tempDir('scale-scratch'), 'site.db');
    expect((await ingestAll({ contentDir, databasePath: scratch })).problems).toEqual([]);
    expect(visibleContent(dbFile)).toEqual(visibleContent(scratch));
  }, 120_000);
});
