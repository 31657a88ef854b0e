import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../lib/curation/check';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, SITE_DIR, tempDir } from '../support/helpers';
import { visibleContent } from '../support/store-contents';

/**
 * The same article curated twice under one slug (Medigy's tree has it 15 times; Medigy
 * showed one page): one item with the topics, tags and trail of both records and a
 * warning naming both files, on every path to the store. Under a taken slug, anything
 * that is not the same article is still an editor's mistake.
 */

const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

const first = recordText({
  slug: 'example-twice',
  title: "'Twice curated'",
  categories: "\n  - 'HIMSS: Telehealth'",
  tags: '\n  - News',
  breadcrumbs: '\n  - Communities\n  - Security',
  breadcrumbLinks: '\n  - /communities\n  - /communities/security',
});
/** The second record of the same article: another curator's topics, tag and trail. */
const second = (over: Record<string, string | null> = {}) =>
  recordText({
    slug: 'example-twice',
    title: "'Twice curated'",
    date: "'2024-05-02'",
    categories: "\n  - 'KLAS: Telehealth'\n  - 'HIMSS: Telehealth'",
    tags: '\n  - Security',
    breadcrumbs: '\n  - Communities\n  - Femtech',
    breadcrumbLinks: '\n  - /communities\n  - /communities/femtech',
    ...over,
  });
/** Records with no link of their own (the site's own writing): the same article is the same title. */
const ownPost = (title: string, topic: string) =>
  recordText({ slug: 'example-own-post', title: `'${title}'`, link: null, archetype: 'contribute-content', categories: `\n  - '${topic}'` }, '<p>Our own words.</p>');

async function storeFromScratch(dir: string): Promise<string> {
  const db = path.join(tempDir('same-article-scratch'), 'site.db');
  const s = await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
  expect(s.published, JSON.stringify(s.problems)).toBe(true);
  return db;
}

function item(db: string, slug: string) {
  const d = new Database(db, { readonly: true });
  try {
    const row = d.prepare('SELECT id, date FROM NewsItem WHERE slug = ?').get(slug) as { id: number; date: number } | undefined;
    if (!row) return null;
    const list = (sql: string) => (d.prepare(sql).pluck().all(row.id) as string[]).sort();
    return {
      items: d.prepare('SELECT count(*) FROM NewsItem WHERE slug = ?').pluck().get(slug),
      topics: list('SELECT t.name FROM NewsTopic x JOIN Topic t ON t.id = x.topicId WHERE x.newsId = ?'),
      tags: list('SELECT t.name FROM NewsTag x JOIN Tag t ON t.id = x.tagId WHERE x.newsId = ?'),
      sections: list('SELECT s.path FROM NewsSection x JOIN Section s ON s.id = x.sectionId WHERE x.newsId = ?'),
      // Listings order the item by its own date, whichever record named the topic.
      linkDates: [...new Set(d.prepare('SELECT date FROM NewsTopic WHERE newsId = ? UNION SELECT date FROM NewsTag WHERE newsId = ?').pluck().all(row.id, row.id))],
      date: row.date,
    };
  } finally {
    d.close();
  }
}

describe('the same article curated twice under one slug', () => {
  it("is one item with both records' topics, tags and trail, and a warning naming both files", async () => {
    const dir = tempDir('same-article');
    write(dir, 'a.md', first);
    write(dir, 'b.md', second());
    const db = path.join(tempDir('same-article-db'), 'site.db');
    const summary = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(summary.problems).toEqual([]);
    const warning = summary.warnings.find((w) => w.code === 'same-article');
    expect(warning).toMatchObject({ severity: 'warning', file: 'b.md', field: 'slug' });
    expect(warning!.message).toContain('a.md');
    const merged = item(db, 'example-twice')!;
    expect(merged).toMatchObject({
      items: 1,
      topics: ['HIMSS: Telehealth', 'KLAS: Telehealth'],
      tags: ['News', 'Security'],
      sections: ['/communities', '/communities/femtech', '/communities/security'],
    });
    expect(merged.linkDates).toEqual([merged.date]);
    // check says what the ingest says.
    const check = await checkContent(dir);
    expect(check.errors).toEqual([]);
    expect(check.warnings.filter((w) => w.code === 'same-article').map((w) => w.file)).toEqual(['b.md']);
  });

  it('is the same store whichever way it gets there: each change applied in place equals a build from scratch', async () => {
    const dir = tempDir('same-article-steps');
    const db = path.join(tempDir('same-article-steps-db'), 'site.db');
    write(dir, 'a.md', first);
    await updateStore({ contentDir: dir, databasePath: db, full: true });
    const steps: [string, () => void][] = [
      ['the second record added', () => write(dir, 'b.md', second())],
      ['the second record names another topic', () => write(dir, 'b.md', second({ categories: "\n  - 'Symplur: Telehealth'" }))],
      ['the first record gone: the second is the item', () => fs.rmSync(path.join(dir, 'a.md'))],
      ['the first back', () => write(dir, 'a.md', first)],
      ['the second gone', () => fs.rmSync(path.join(dir, 'b.md'))],
      ['a third, earlier by path', () => write(dir, '0.md', second({ tags: '\n  - Early' }))],
    ];
    for (const [step, change] of steps) {
      change();
      const summary = await updateStore({ contentDir: dir, databasePath: db });
      expect(summary.problems, step).toEqual([]);
      expect(summary.mode, step).toBe('incremental');
      expect(visibleContent(db), step).toEqual(visibleContent(await storeFromScratch(dir)));
    }
    expect(item(db, 'example-twice')!.tags).toEqual(['Early', 'News']);
  });

  it.each([
    ['another link under the taken slug', () => second({ link: '\n  brand: example.org\n  href: https://example.org/another-article' }), 'slug-taken'],
    ['the same link under another slug is two items (curated twice: a warning)', () => second({ slug: 'example-twice-again' }), null],
  ])('keeps the rule for %s', async (_name, make, code) => {
    const dir = tempDir('same-article-not');
    write(dir, 'a.md', first);
    write(dir, 'b.md', make());
    const check = await checkContent(dir);
    expect(check.errors.map((e) => e.code)).toEqual(code ? [code] : []);
    expect(check.warnings.some((w) => w.code === 'same-article')).toBe(false);
  });

  it("tells the site's own writing apart by its title", async () => {
    const same = tempDir('same-own');
    write(same, 'a.md', ownPost('Our view on telehealth', 'HIMSS: Telehealth'));
    write(same, 'b.md', ownPost('Our  view on Telehealth ', 'KLAS: Telehealth'));
    const merged = await checkContent(same);
    expect(merged.errors).toEqual([]);
    expect(merged.warnings.filter((w) => w.code === 'same-article')).toHaveLength(1);

    const other = tempDir('other-own');
    write(other, 'a.md', ownPost('Our view on telehealth', 'HIMSS: Telehealth'));
    write(other, 'b.md', ownPost('Another post entirely', 'KLAS: Telehealth'));
    expect((await checkContent(other)).errors.map((e) => e.code)).toEqual(['slug-taken']);
  });

  it("publishes Medigy's duplicated pair (site/duplicates/) as one item, and its institutions and awards are left out without failing", async () => {
    const dir = tempDir('medigy-site');
    fs.cpSync(SITE_DIR, dir, { recursive: true });
    const db = path.join(tempDir('medigy-site-db'), 'site.db');
    const summary = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(summary.problems).toEqual([]);
    expect(summary.published).toBe(true);
    expect(summary.warnings.filter((w) => w.code === 'same-article').map((w) => w.file)).toEqual(['duplicates/e94ed35e-12d8-5138-af5e-bd1f5ed3f0ed.md']);
    const leftOut = summary.warnings.filter((w) => w.code === 'kind-not-published').map((w) => w.file.split('/')[0]);
    expect(leftOut.sort()).toEqual(['awards', 'institutions', 'institutions']);
    expect(item(db, '-ihme')!.items).toBe(1);
  });
});
