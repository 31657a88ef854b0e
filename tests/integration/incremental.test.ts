import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { ingestAll } from '../../lib/ingest/full';
import { storeFileIdentity } from '../../lib/store/location';
import { recordText, siteContentDir, tempDir } from '../support/helpers';
import { relatedAsComputed, storeRow, storeRows, storeValue, visibleContent } from '../support/store-contents';


async function fullStore(contentDir: string): Promise<string> {
  const db = path.join(tempDir('full'), 'site.db');
  const s = await ingestAll({ contentDir, databasePath: db, workers: 0 });
  expect(s.published).toBe(true);
  return db;
}

const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

describe('incremental ingest', () => {
  it('gives the same store as a full ingest after additions, edits, drafts, renames and deletions', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });

    // Nothing changed: nothing done, the store file not even written (its stamp and the pages' ETags stay).
    const untouched = fs.readFileSync(db);
    const quiet = await updateStore({ contentDir: dir, databasePath: db });
    expect(quiet).toMatchObject({ mode: 'incremental', published: true, added: [], changed: [], removed: [] });
    expect(fs.readFileSync(db).equals(untouched)).toBe(true);

    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
    // Add a record with a new topic, offering, tag and source.
    write(dir, 'sub/new-item.md', recordText({
      slug: 'example-new-item',
      title: 'A new item',
      link: '\n  brand: brand-new.example\n  href: https://brand-new.example/a',
      categories: "\n  - 'Healthcare IT News: Digital Health'\n  - 'Brand New: Topic'",
      tags: '\n  - Fresh Tag',
      relatedOfferings: "\n  - label: Brand New Offering\n    permalink: /offering/brand-new-offering\n    categories:\n      - 'Brand New: Topic'",
    }));
    // Edit one: a new title and one topic fewer.
    const edited = files[0]!;
    fs.writeFileSync(path.join(dir, edited), fs.readFileSync(path.join(dir, edited), 'utf8').replace(/^title: .*$/m, 'title: An edited title'));
    // Unpublish one, delete one, move one to a folder unchanged.
    const drafted = files[1]!;
    const draftText = fs.readFileSync(path.join(dir, drafted), 'utf8');
    fs.writeFileSync(path.join(dir, drafted), /^status:/m.test(draftText) ? draftText.replace(/^status:.*$/m, 'status: draft') : draftText.replace(/^---\n/, '---\nstatus: draft\n'));
    const deleted = files[2]!;
    fs.rmSync(path.join(dir, deleted));
    const moved = files[3]!;
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.renameSync(path.join(dir, moved), path.join(dir, 'archive', moved));
    const idBefore = storeValue(db, 'SELECT id FROM NewsItem WHERE sourcePath = ?', moved);

    const summary = await updateStore({ contentDir: dir, databasePath: db });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ mode: 'incremental', published: true });
    expect(summary.added).toEqual(['sub/new-item.md']);
    expect(summary.changed.sort()).toEqual([edited, drafted].sort());
    expect(summary.removed).toEqual([deleted]);
    expect(summary.renamed).toEqual([[moved, `archive/${moved}`]]);
    // A moved file keeps its item (and so its id).
    expect(storeValue(db, 'SELECT id FROM NewsItem WHERE sourcePath = ?', `archive/${moved}`)).toBe(idBefore);

    const incremental = visibleContent(db);
    const full = visibleContent(await fullStore(dir));
    expect(incremental.danglingRelated).toBe(0);
    const related = relatedAsComputed(db);
    expect(related.stored).toEqual(related.computed);
    expect(incremental.relatedRows).toBeGreaterThan(0);
    const { danglingRelated, relatedRows, ...rest } = incremental;
    const { danglingRelated: _d, relatedRows: _r, ...fullRest } = full;
    expect(rest).toEqual(fullRest);
    expect(incremental.items.find((i) => i.sourcePath === edited)?.title).toMatch(/^An edited title/);
    expect(incremental.items.some((i) => i.sourcePath === drafted)).toBe(false);
    expect(incremental.files.find((f) => f.path === drafted)?.state).toBe('draft');
  });

  it('changes nothing when a changed record is invalid, and says why', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const before = fs.readFileSync(db);
    write(dir, 'broken.md', recordText({ title: null, slug: 'broken' }));
    write(dir, 'good.md', recordText({ slug: 'example-good' }));
    const summary = await updateStore({ contentDir: dir, databasePath: db });
    expect(summary.published).toBe(false);
    expect(summary.problems.map((p) => `${p.file}: ${p.field}`)).toEqual(['broken.md: title']);
    expect(fs.readFileSync(db).equals(before)).toBe(true);

    // A slug another record has: refused too, naming the other file (which sorts first, and so keeps it).
    fs.rmSync(path.join(dir, 'broken.md'));
    const owner = storeRow(db, 'SELECT slug, sourcePath FROM NewsItem LIMIT 1') as { slug: string; sourcePath: string };
    write(dir, 'zz-copy.md', recordText({ slug: owner.slug }));
    const conflict = await updateStore({ contentDir: dir, databasePath: db });
    expect(conflict.published).toBe(false);
    expect(conflict.problems).toEqual([expect.objectContaining({ file: 'zz-copy.md', field: 'slug', message: expect.stringContaining(owner.sourcePath) })]);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('with skipInvalid, unpublishes a record that became invalid, and publishes it again once fixed', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'Mine' }));
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const good = fs.readFileSync(path.join(dir, 'mine.md'), 'utf8');
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: null }));
    const broken = await updateStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    expect(broken).toMatchObject({ published: true, problems: [expect.objectContaining({ file: 'mine.md', field: 'title' })] });
    const count = () => storeValue(db, "SELECT count(*) FROM NewsItem WHERE slug = 'example-mine'");
    expect(count()).toBe(0);
    fs.writeFileSync(path.join(dir, 'mine.md'), good);
    const fixed = await updateStore({ contentDir: dir, databasePath: db });
    expect(fixed).toMatchObject({ published: true, changed: ['mine.md'], problems: [] });
    expect(count()).toBe(1);
    const { danglingRelated: _a, relatedRows: _b, ...incremental } = visibleContent(db);
    const { danglingRelated: _c, relatedRows: _d, ...full } = visibleContent(await fullStore(dir));
    expect(incremental).toEqual(full);
  });

  it('applies right after a full ingest what was saved while it ran', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'As read by the full ingest' }));
    // The file changes after the full ingest has read it, before its store is swapped in.
    await ingestAll({
      contentDir: dir,
      databasePath: db,
      workers: 0,
      onProgress: () => write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'Saved meanwhile' })),
    });
    const title = () => storeValue(db, "SELECT title FROM NewsItem WHERE slug = 'example-mine'");
    expect(title()).toBe('As read by the full ingest');
    const caught = await updateStore({ contentDir: dir, databasePath: db });
    expect(caught).toMatchObject({ mode: 'incremental', changed: ['mine.md'] });
    expect(title()).toBe('Saved meanwhile');

    // updateStore's own full rebuild applies such a save before it returns.
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'As read by the full ingest' }));
    const rebuilt = await updateStore({
      contentDir: dir,
      databasePath: db,
      full: true,
      fromScratch: true,
      onProgress: () => write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'Saved meanwhile, again' })),
    });
    expect(rebuilt).toMatchObject({ mode: 'full', published: true });
    expect(title()).toBe('Saved meanwhile, again');
  });

  it('gives a new item a new id when the item with the highest id is edited in the same update', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    write(dir, 'zz-last.md', recordText({ slug: 'example-last', title: 'Last' }));
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    write(dir, 'zz-last.md', recordText({ slug: 'example-last', title: 'Last, edited' }));
    write(dir, '00-first.md', recordText({ slug: 'example-first', title: 'First', link: '\n  brand: example.org\n  href: https://example.org/first' }));
    const s = await updateStore({ contentDir: dir, databasePath: db });
    expect(s).toMatchObject({ published: true, added: ['00-first.md'], changed: ['zz-last.md'] });
    const ids = storeRows(db, "SELECT slug, id FROM NewsItem WHERE slug IN ('example-first', 'example-last') ORDER BY slug") as { slug: string; id: number }[];
    expect(new Set(ids.map((r) => r.id)).size).toBe(2);
  });

  it("follows a change of an offering's topics as a full ingest would", async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    const offering = (topic: string) => `\n  - label: Moving Offering\n    permalink: /offering/moving-offering\n    categories:\n      - '${topic}'`;
    write(dir, 'mine.md', recordText({ slug: 'example-mine', relatedOfferings: offering('Only Here: First') }));
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    write(dir, 'mine.md', recordText({ slug: 'example-mine', relatedOfferings: offering('Only Here: Second') }));
    expect(await updateStore({ contentDir: dir, databasePath: db })).toMatchObject({ published: true, changed: ['mine.md'] });
    const { danglingRelated: _a, relatedRows: _b, ...incremental } = visibleContent(db);
    const { danglingRelated: _c, relatedRows: _d, ...full } = visibleContent(await fullStore(dir));
    expect(incremental).toEqual(full);
    expect(incremental.offerings.find((o) => o.slug === 'moving-offering')?.topics).toBe('Only Here: Second');
    expect(incremental.topics.some((t) => t.name === 'Only Here: First')).toBe(false);
  });

  it('looks only at the files it is told about, and rebuilds when the taxonomy changes', async () => {
    const dir = siteContentDir();
    write(dir, 'taxonomy.jsonl', `${JSON.stringify({ name: 'Healthcare IT News: Digital Health', description: 'Digital health.' })}\n`);
    const db = path.join(tempDir('incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    write(dir, 'told.md', recordText({ slug: 'example-told' }));
    write(dir, 'untold.md', recordText({ slug: 'example-untold', link: '\n  brand: example.org\n  href: https://example.org/other' }));
    const told = await updateStore({ contentDir: dir, databasePath: db, paths: ['told.md', '../escape.md', 'README.md'] });
    expect(told).toMatchObject({ mode: 'incremental', added: ['told.md'], removed: [] });

    fs.utimesSync(path.join(dir, 'taxonomy.jsonl'), new Date(), new Date(Date.now() + 5000));
    const same = await updateStore({ contentDir: dir, databasePath: db, paths: [] });
    expect(same.mode).toBe('incremental');
    fs.appendFileSync(path.join(dir, 'taxonomy.jsonl'), `${JSON.stringify({ name: 'Brand New: Topic', description: 'New.' })}\n`);
    const rebuilt = await updateStore({ contentDir: dir, databasePath: db, paths: [] });
    expect(rebuilt.mode).toBe('full');
    expect(rebuilt.published).toBe(true);
  });

});

describe('the store file identity', () => {
  it('changes with every commit, even two within one tick of the file clock', () => {
    const db = path.join(tempDir('identity'), 'site.db');
    const raw = new Database(db);
    raw.exec('CREATE TABLE t (n INTEGER)');
    const seen = new Set<string | null>([storeFileIdentity(db)]);
    for (let i = 0; i < 20; i++) {
      raw.prepare('INSERT INTO t VALUES (?)').run(i);
      seen.add(storeFileIdentity(db));
    }
    raw.close();
    expect(seen.size).toBe(21);
    expect(storeFileIdentity(path.join(path.dirname(db), 'missing.db'))).toBeNull();
  });
});
