import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sitemapEntries, sitemapIndex } from '../../lib/pages/sitemap';
import { subjectPage } from '../../lib/pages/subject';
import { topicPage, topicsIndex } from '../../lib/pages/topic';
import { suggestTopics } from '../../lib/store/queries/editor';
import { subjectIndex, subjectKey } from '../../lib/store/queries/subjects';
import { routes } from '../../lib/urls/pages';
import { storeColumn } from '../support/store-contents';
import { wholeSampleStore } from '../support/whole-sample';

/**
 * One topic per subject for readers: Medigy's records name one subject under many
 * collections' labels (`site/topics/`: KLAS, Symplur, Frost & Sullivan and Healthcare IT
 * News telehealth, and `Symplur: #telehealth`). Built from the real records of news/,
 * variants/ and site/ with the real ingest; the store itself is the oracle for what each
 * topic holds.
 */
let db: string;

beforeAll(async () => {
  db = await wholeSampleStore();
}, 120_000);

/** The store's own answer: every item filed under any of these topics. */
function itemsOfTopics(names: string[]): string[] {
  return storeColumn<string>(db, `SELECT DISTINCT n.slug FROM NewsItem n JOIN NewsTopic nt ON nt.newsId = n.id JOIN Topic t ON t.id = nt.topicId WHERE t.name IN (${names.map(() => '?').join(', ')}) ORDER BY n.slug`, ...names);
}

describe('subject keys', () => {
  it.each([
    ['Telehealth', 'telehealth'],
    ['TeleHealth', 'telehealth'],
    ['#telehealth', 'telehealth'],
    ['-hash-telehealth', 'telehealth'],
    ['COVID-19', 'covid 19'],
    ['covid 19', 'covid 19'],
    ['Wearables', 'wearable'],
    ['Therapies', 'therapy'],
    ['Health Systems', 'health system'],
    ['Analytics', 'analytics'],
    ['AI', 'ai'],
    ['Business', 'business'],
  ])('%s → %s', (label, key) => expect(subjectKey(label)).toBe(key));
});

describe('one topic per subject', () => {
  it('lists each subject once on /topics, however many collections name it', async () => {
    const { subjects } = await topicsIndex();
    const keys = subjects.map((s) => subjectKey(s.name));
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("gathers every collection's telehealth on one page, each item once", async () => {
    const telehealth = [...subjectIndex().bySlug.values()].find((s) => s.key === 'telehealth')!;
    const names = telehealth.topics.map((t) => t.name).sort();
    for (const name of ['KLAS: Telehealth', 'Symplur: Telehealth', 'Frost & Sullivan: TeleHealth', 'Healthcare IT News: Telehealth', 'Symplur: #telehealth']) expect(names).toContain(name);
    expect(telehealth.name).toBe('Telehealth');
    const page = (await subjectPage(telehealth.slug, undefined))!;
    const expected = itemsOfTopics(names);
    expect(page.items.map((i) => i.slug).sort()).toEqual(expected);
    expect(page.paging.total).toBe(expected.length);
    // Newest first.
    const dates = page.items.map((i) => i.date.getTime());
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    // Each collection's view links to it.
    const klas = telehealth.topics.find((t) => t.name === 'KLAS: Telehealth')!;
    expect((await topicPage(klas.slug, undefined))!.subject).toMatchObject({ slug: telehealth.slug, name: 'Telehealth', newsCount: expected.length });
  });

  it('keeps apart what only the taxonomy calls equivalent, and lists subject pages in the sitemaps', async () => {
    for (const s of subjectIndex().bySlug.values()) expect(new Set(s.topics.map((t) => subjectKey(t.label))).size, s.name).toBe(1);
    const index = await sitemapIndex();
    expect(index.map((e) => e.name)).toContain('subjects-1');
    const entries = (await sitemapEntries('subjects-1'))!;
    expect(entries.map((e) => e.path).sort()).toEqual([...subjectIndex().bySlug.keys()].map((slug) => routes.subject(slug)).sort());
  });

  it('suggests a subject to the editor before others, its most used topic first', () => {
    const suggestions = suggestTopics('teleh');
    const telehealth = suggestions.filter((s) => subjectKey(s.split(': ')[1] ?? s) === 'telehealth');
    // The telehealth of every collection together, at the top.
    expect(suggestions.slice(0, telehealth.length)).toEqual(telehealth);
    expect(telehealth.length).toBeGreaterThanOrEqual(5);
  });
});
