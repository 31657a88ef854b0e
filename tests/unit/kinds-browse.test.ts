import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemKind } from '../../lib/pages/kinds';
import { newsListPage } from '../../lib/pages/news';
import { PAGE_SIZE } from '../../lib/pages/paging';
import { searchPage } from '../../lib/pages/search';
import { sectionPage } from '../../lib/pages/section';
import { sourcePage } from '../../lib/pages/source';
import { topicPage } from '../../lib/pages/topic';
import { searchRequest } from '../../lib/search/query';
import { KIND_PARAM_VALUES, pageQueryParams, routes, type KindParam } from '../../lib/urls/pages';
import { storeRows } from '../support/store-contents';
import { wholeSampleStore } from '../support/whole-sample';

/**
 * Browsing by kind (`?kind=news|video|event|feed|post|…`) on /news, topic, section,
 * source and search pages: Medigy's samples (news, variants and the rest of the site:
 * every kind) through the real ingest, and each listing's choices, counts, items and
 * pages against the store's own answer in SQL.
 */
let db: string;

beforeAll(async () => {
  db = await wholeSampleStore();
}, 120_000);

/** The store's counts by kind of the items a condition on `n` (NewsItem) selects, as `?kind=` names them. */
function oracle(where: string, ...args: unknown[]): Map<KindParam, number> {
  const rows = storeRows<{ kind: string; n: number }>(db, `SELECT n.kind, count(*) AS n FROM NewsItem n WHERE ${where} GROUP BY n.kind`, ...args);
  return new Map(rows.map((r) => [KIND_PARAM_VALUES.find((k) => itemKind(k) === r.kind)!, r.n]));
}

/** An owner (topic, section, source) whose items are of at least two kinds: the one with the most kinds. */
function mixedOwner(table: 'NewsTopic' | 'NewsSection', column: 'topicId' | 'sectionId'): number {
  return storeRows<{ id: number }>(db, `SELECT l.${column} AS id FROM ${table} l JOIN NewsItem n ON n.id = l.newsId GROUP BY l.${column} HAVING count(DISTINCT n.kind) >= 2 ORDER BY count(DISTINCT n.kind) DESC, l.${column} LIMIT 1`)[0]!.id;
}

describe('browsing by kind', () => {
  it('offers /news by every kind the store holds, with their counts, and narrows to each', async () => {
    const all = (await newsListPage(undefined, undefined))!;
    const expected = oracle('1');
    expect(new Map(all.kinds.choices.map((c) => [c.kind, c.count]))).toEqual(expected);
    expect(all.kinds.total).toBe([...expected.values()].reduce((a, b) => a + b));
    // Medigy's whole sample has every kind a reader can choose.
    expect([...expected.keys()].sort()).toEqual([...KIND_PARAM_VALUES].sort());
    for (const [kind, count] of expected) {
      const page = (await newsListPage(undefined, kind))!;
      expect(page.kinds.current).toBe(kind);
      expect(page.paging.total, kind).toBe(count);
      expect(page.items.length).toBe(Math.min(count, PAGE_SIZE));
      expect(new Set(page.items.map((i) => i.kind))).toEqual(new Set([itemKind(kind)]));
      // Newest first, as the whole list.
      const dates = page.items.map((i) => i.date.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    }
  });

  it('pages through one kind: every item of it once, and no page past its last', async () => {
    const news = oracle('1').get('news')!;
    expect(news).toBeGreaterThan(PAGE_SIZE);
    const pages = Math.ceil(news / PAGE_SIZE);
    const seen: string[] = [];
    for (let p = 1; p <= pages; p++) seen.push(...(await newsListPage(String(p), 'news'))!.items.map((i) => i.slug));
    expect(seen.sort()).toEqual(storeRows<{ slug: string }>(db, `SELECT slug FROM NewsItem WHERE kind = 'article' ORDER BY slug`).map((r) => r.slug));
    expect(await newsListPage(String(pages + 1), 'news')).toBeNull();
  });

  it('answers no page for a kind it does not know, a kind given twice, or a kind a listing has none of', async () => {
    for (const value of ['bogus', 'News', 'article', '', ['video', 'event']]) expect(await newsListPage(undefined, value), String(value)).toBeNull();
    const source = storeRows<{ brand: string }>(db, `SELECT s.brand FROM Source s JOIN NewsItem n ON n.sourceId = s.id GROUP BY s.id HAVING count(DISTINCT n.kind) = 1 AND max(n.kind) = 'article' LIMIT 1`)[0]!.brand;
    expect(await sourcePage(source, undefined, 'video')).toBeNull();
    expect((await sourcePage(source, undefined, 'news'))!.items.length).toBeGreaterThan(0);
  });

  it('narrows topic, section and source pages alike, each against the store', async () => {
    const topicId = mixedOwner('NewsTopic', 'topicId');
    const topicSlug = storeRows<{ slug: string }>(db, 'SELECT slug FROM Topic WHERE id = ?', topicId)[0]!.slug;
    const topicKinds = oracle('n.id IN (SELECT newsId FROM NewsTopic WHERE topicId = ?)', topicId);
    const sectionId = mixedOwner('NewsSection', 'sectionId');
    const sectionPath = storeRows<{ path: string }>(db, 'SELECT path FROM Section WHERE id = ?', sectionId)[0]!.path;
    const sectionKinds = oracle('n.id IN (SELECT newsId FROM NewsSection WHERE sectionId = ?)', sectionId);
    const sourceId = storeRows<{ id: number }>(db, `SELECT sourceId AS id FROM NewsItem WHERE sourceId IS NOT NULL GROUP BY sourceId ORDER BY count(DISTINCT kind) DESC, count(*) DESC LIMIT 1`)[0]!.id;
    const brand = storeRows<{ brand: string }>(db, 'SELECT brand FROM Source WHERE id = ?', sourceId)[0]!.brand;
    const sourceKinds = oracle('n.sourceId = ?', sourceId);

    const cases: [string, Map<KindParam, number>, (kind?: KindParam) => Promise<{ items: { kind: string }[]; paging: { total: number }; kinds: { choices: { kind: KindParam; count: number }[]; current: KindParam | null } | null } | null>][] = [
      [`topic ${topicSlug}`, topicKinds, (kind) => topicPage(topicSlug, undefined, kind)],
      [`section ${sectionPath}`, sectionKinds, (kind) => sectionPage(sectionPath, undefined, kind)],
      [`source ${brand}`, sourceKinds, (kind) => sourcePage(brand, undefined, kind)],
    ];
    for (const [name, expected, load] of cases) {
      expect(expected.size, name).toBeGreaterThanOrEqual(2);
      const all = (await load())!;
      expect(new Map(all.kinds!.choices.map((c) => [c.kind, c.count])), name).toEqual(expected);
      for (const [kind, count] of expected) {
        const page = (await load(kind))!;
        expect(page.kinds!.current).toBe(kind);
        expect(page.paging.total, `${name} ${kind}`).toBe(count);
        expect(page.items.length).toBe(Math.min(count, PAGE_SIZE));
        expect(new Set(page.items.map((i) => i.kind)), `${name} ${kind}`).toEqual(new Set([itemKind(kind)]));
      }
    }
  });

  it('narrows search results by kind, with the matches counted by kind', async () => {
    const all = (await searchPage(searchRequest({ q: 'health' })))!;
    expect(all.kinds.choices.length).toBeGreaterThanOrEqual(2);
    for (const { kind, count } of all.kinds.choices) {
      const page = (await searchPage(searchRequest({ q: 'health', kind })))!;
      expect(page.kinds.current).toBe(kind);
      expect(page.paging.total, kind).toBe(count);
      const slugs = page.results.map((r) => r.slug);
      const kinds = storeRows<{ kind: string }>(db, `SELECT DISTINCT kind FROM NewsItem WHERE slug IN (${slugs.map(() => '?').join(',')})`, ...slugs).map((r) => r.kind);
      expect(kinds).toEqual([itemKind(kind)]);
    }
    // A kind none of the matches has: nothing, with every kind still to choose from.
    expect(searchRequest({ q: 'health', kind: 'bogus' }).kind).toBeUndefined();
  });

  it('builds each listing’s address with its kind, and keys caches by it only where a page reads it', () => {
    expect(routes.newsList(1, 'video')).toBe('/news?kind=video');
    expect(routes.newsList(2, 'video')).toBe('/news?kind=video&page=2');
    expect(routes.newsList(2)).toBe('/news?page=2');
    expect(routes.topic('ai', 1, 'event')).toBe('/topic/ai?kind=event');
    expect(routes.source('who.int', 3, 'feed')).toBe('/source/who.int?kind=feed&page=3');
    expect(routes.section('/communities/pandemic', 1, 'post')).toBe('/communities/pandemic?kind=post');
    for (const p of ['/news', '/topic/ai', '/source/who.int', '/communities/pandemic', '/search']) expect(pageQueryParams(p), p).toContain('kind');
    for (const p of ['/tag/x', '/events', '/offering/x', '/subject/x', '/topics']) expect(pageQueryParams(p), p).not.toContain('kind');
  });
});
