import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { syncStore } from '../lib/ingest/sync';
import { relatedNews, type RelatedInput } from '../lib/catalog/related';
import { ingestAll } from '../lib/ingest/full';
import { storeFileIdentity } from '../lib/store/location';
import { writeSyntheticCorpus } from './support/synthetic-corpus';
import { runIngestCli, spawnIngestCli, recordText, siteContentDir, tempDir } from './support/helpers';


/**
 * What a reader can see of a store, independent of the ids the ingest chose: items
 * with their topics, offerings, tags, source and aliases; topics, offerings, sources
 * and tags with their counts; the search index.
 */
function visibleContent(file: string) {
  const db = new Database(file, { readonly: true });
  const rows = <T = Record<string, unknown>>(sql: string) => db.prepare(sql).all() as T[];
  const content = {
    items: rows(`
      SELECT n.slug, n.title, n.description, n.date, n.url, n.bodyHtml, n.sourcePath, s.brand,
        (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM NewsTopic nt JOIN Topic t ON t.id = nt.topicId WHERE nt.newsId = n.id ORDER BY nt.position) t) AS topics,
        (SELECT group_concat(o.slug, '|') FROM (SELECT o.slug FROM NewsOffering x JOIN Offering o ON o.id = x.offeringId WHERE x.newsId = n.id ORDER BY x.position) o) AS offerings,
        (SELECT group_concat(g.name, '|') FROM (SELECT g.name FROM NewsTag x JOIN Tag g ON g.id = x.tagId WHERE x.newsId = n.id ORDER BY g.name) g) AS tags,
        (SELECT group_concat(a.name, '|') FROM (SELECT a.name FROM NewsAuthor x JOIN Author a ON a.id = x.authorId WHERE x.newsId = n.id ORDER BY x.position) a) AS authors,
        (SELECT group_concat(path, '|') FROM (SELECT path FROM Alias WHERE newsId = n.id ORDER BY path)) AS aliases
      FROM NewsItem n LEFT JOIN Source s ON s.id = n.sourceId ORDER BY n.slug`),
    topics: rows('SELECT name, slug, newsCount, description, fromTaxonomy FROM Topic ORDER BY name'),
    offerings: rows(`SELECT o.slug, o.label, o.newsCount, (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM OfferingTopic ot JOIN Topic t ON t.id = ot.topicId WHERE ot.offeringId = o.id ORDER BY t.name) t) AS topics FROM Offering o ORDER BY o.slug`),
    sources: rows('SELECT brand, slug, newsCount FROM Source ORDER BY brand'),
    tags: rows('SELECT name, newsCount FROM Tag ORDER BY name'),
    authors: rows('SELECT name FROM Author ORDER BY name'),
    // The search index's rowid is the item's id (lib/catalog/ids.ts).
    search: rows('SELECT n.slug, s.title, s.topics, s.source, s.offerings FROM NewsSearch s JOIN NewsItem n ON n.id = s.rowid ORDER BY n.slug'),
    files: rows('SELECT path, digest, state FROM SourceFile ORDER BY path'),
    digest: (db.prepare('SELECT contentDigest, recordCount FROM StoreInfo').get() as object),
    danglingRelated: (db.prepare('SELECT count(*) AS n FROM RelatedNews r WHERE r.relatedId NOT IN (SELECT id FROM NewsItem) OR r.newsId NOT IN (SELECT id FROM NewsItem)').get() as { n: number }).n,
    relatedRows: (db.prepare('SELECT count(*) AS n FROM RelatedNews').get() as { n: number }).n,
  };
  db.close();
  return content;
}

/** Whether the store's related news are what a computation over all its items gives. */
function relatedAsComputed(file: string): { stored: Record<number, number[]>; computed: Record<number, number[]> } {
  const db = new Database(file, { readonly: true });
  const inputs = new Map<number, RelatedInput>();
  for (const row of db.prepare('SELECT n.id, n.date, t.topicId FROM NewsItem n LEFT JOIN NewsTopic t ON t.newsId = n.id ORDER BY n.id, t.position').all() as { id: number; date: number; topicId: number | null }[]) {
    let input = inputs.get(row.id);
    if (!input) inputs.set(row.id, (input = { id: row.id, date: row.date, topicIds: [] }));
    if (row.topicId !== null) input.topicIds.push(row.topicId);
  }
  const stored: Record<number, number[]> = {};
  for (const r of db.prepare('SELECT newsId, relatedId FROM RelatedNews ORDER BY newsId, rank').all() as { newsId: number; relatedId: number }[]) (stored[r.newsId] ??= []).push(r.relatedId);
  db.close();
  return { stored, computed: Object.fromEntries(relatedNews([...inputs.values()])) };
}

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
    const quiet = await syncStore({ contentDir: dir, databasePath: db });
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
    const idBefore = new Database(db, { readonly: true }).prepare('SELECT id FROM NewsItem WHERE sourcePath = ?').pluck().get(moved);

    const summary = await syncStore({ contentDir: dir, databasePath: db });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ mode: 'incremental', published: true });
    expect(summary.added).toEqual(['sub/new-item.md']);
    expect(summary.changed.sort()).toEqual([edited, drafted].sort());
    expect(summary.removed).toEqual([deleted]);
    expect(summary.renamed).toEqual([[moved, `archive/${moved}`]]);
    // A moved file keeps its item (and so its id).
    expect(new Database(db, { readonly: true }).prepare('SELECT id FROM NewsItem WHERE sourcePath = ?').pluck().get(`archive/${moved}`)).toBe(idBefore);

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
    const summary = await syncStore({ contentDir: dir, databasePath: db });
    expect(summary.published).toBe(false);
    expect(summary.problems.map((p) => `${p.file}: ${p.field}`)).toEqual(['broken.md: title']);
    expect(fs.readFileSync(db).equals(before)).toBe(true);

    // A slug another record has: refused too, naming the other file.
    fs.rmSync(path.join(dir, 'broken.md'));
    const owner = new Database(db, { readonly: true }).prepare('SELECT slug, sourcePath FROM NewsItem LIMIT 1').get() as { slug: string; sourcePath: string };
    write(dir, 'copy.md', recordText({ slug: owner.slug }));
    const conflict = await syncStore({ contentDir: dir, databasePath: db });
    expect(conflict.published).toBe(false);
    expect(conflict.problems).toEqual([expect.objectContaining({ file: 'copy.md', field: 'slug', message: expect.stringContaining(owner.sourcePath) })]);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('with skipInvalid, unpublishes a record that became invalid, and publishes it again once fixed', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'Mine' }));
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const good = fs.readFileSync(path.join(dir, 'mine.md'), 'utf8');
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: null }));
    const broken = await syncStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    expect(broken).toMatchObject({ published: true, problems: [expect.objectContaining({ file: 'mine.md', field: 'title' })] });
    const count = () => new Database(db, { readonly: true }).prepare("SELECT count(*) FROM NewsItem WHERE slug = 'example-mine'").pluck().get();
    expect(count()).toBe(0);
    fs.writeFileSync(path.join(dir, 'mine.md'), good);
    const fixed = await syncStore({ contentDir: dir, databasePath: db });
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
    const title = () => new Database(db, { readonly: true }).prepare("SELECT title FROM NewsItem WHERE slug = 'example-mine'").pluck().get();
    expect(title()).toBe('As read by the full ingest');
    const caught = await syncStore({ contentDir: dir, databasePath: db });
    expect(caught).toMatchObject({ mode: 'incremental', changed: ['mine.md'] });
    expect(title()).toBe('Saved meanwhile');

    // syncStore's own full rebuild applies such a save before it returns.
    write(dir, 'mine.md', recordText({ slug: 'example-mine', title: 'As read by the full ingest' }));
    const rebuilt = await syncStore({
      contentDir: dir,
      databasePath: db,
      full: true,
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
    const s = await syncStore({ contentDir: dir, databasePath: db });
    expect(s).toMatchObject({ published: true, added: ['00-first.md'], changed: ['zz-last.md'] });
    const ids = new Database(db, { readonly: true }).prepare("SELECT slug, id FROM NewsItem WHERE slug IN ('example-first', 'example-last') ORDER BY slug").all() as { slug: string; id: number }[];
    expect(new Set(ids.map((r) => r.id)).size).toBe(2);
  });

  it("follows a change of an offering's topics as a full ingest would", async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('incremental'), 'site.db');
    const offering = (topic: string) => `\n  - label: Moving Offering\n    permalink: /offering/moving-offering\n    categories:\n      - '${topic}'`;
    write(dir, 'mine.md', recordText({ slug: 'example-mine', relatedOfferings: offering('Only Here: First') }));
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    write(dir, 'mine.md', recordText({ slug: 'example-mine', relatedOfferings: offering('Only Here: Second') }));
    expect(await syncStore({ contentDir: dir, databasePath: db })).toMatchObject({ published: true, changed: ['mine.md'] });
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
    const told = await syncStore({ contentDir: dir, databasePath: db, paths: ['told.md', '../escape.md', 'README.md'] });
    expect(told).toMatchObject({ mode: 'incremental', added: ['told.md'], removed: [] });

    fs.utimesSync(path.join(dir, 'taxonomy.jsonl'), new Date(), new Date(Date.now() + 5000));
    const same = await syncStore({ contentDir: dir, databasePath: db, paths: [] });
    expect(same.mode).toBe('incremental');
    fs.appendFileSync(path.join(dir, 'taxonomy.jsonl'), `${JSON.stringify({ name: 'Brand New: Topic', description: 'New.' })}\n`);
    const rebuilt = await syncStore({ contentDir: dir, databasePath: db, paths: [] });
    expect(rebuilt.mode).toBe('full');
    expect(rebuilt.published).toBe(true);
  });

  it('updates one changed record of 10,000 without a rebuild', async () => {
    const dir = tempDir('corpus');
    writeSyntheticCorpus(dir, { count: 10_000 });
    const db = path.join(tempDir('incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    const file = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()[500]!;
    fs.writeFileSync(path.join(dir, file), fs.readFileSync(path.join(dir, file), 'utf8').replace(/^title: .*$/m, 'title: Changed at once'));
    const summary = await syncStore({ contentDir: dir, databasePath: db });
    expect(summary.changed).toEqual([file]);
    const title = new Database(db, { readonly: true }).prepare('SELECT title FROM NewsItem WHERE sourcePath = ?').pluck().get(file);
    expect(title).toBe('Changed at once');
    // How fast is measured by `npm run bench -- --incremental`, not here.
    expect(summary.mode).toBe('incremental');
    const related = relatedAsComputed(db);
    expect(related.stored).toEqual(related.computed);
  }, 120_000);
});

describe('an incremental update killed mid-write', () => {
  it('leaves the store as it was or fully updated, readable by the site, 10 times out of 10', async () => {
    const corpus = tempDir('corpus');
    writeSyntheticCorpus(corpus, { count: 2000 });
    const db = path.join(tempDir('store'), 'site.db');
    await ingestAll({ contentDir: corpus, databasePath: db });
    const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.md')).sort().slice(0, 300);
    const mark = (trial: number) => {
      for (const f of files) {
        const text = fs.readFileSync(path.join(corpus, f), 'utf8');
        fs.writeFileSync(path.join(corpus, f), text.replace(/^title: (?:Trial \d+ )?/m, `title: Trial ${trial} `));
      }
    };
    // How long an update of these files takes when left alone: the kills land in its second half.
    mark(0);
    const t0 = performance.now();
    expect(runIngestCli(corpus, db).status).toBe(0);
    const duration = performance.now() - t0;
    let applied = 0;
    let journals = 0;
    for (let trial = 1; trial <= 10; trial++) {
      mark(trial);
      const child = spawnIngestCli(corpus, db);
      await new Promise((r) => setTimeout(r, duration * (0.5 + Math.random() * 0.6)));
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
      if (fs.existsSync(`${db}-journal`)) journals++;

      // The site's own look-up opens the store as after any crash: it must read a whole store.
      const reader = new Database(db, { fileMustExist: true });
      reader.pragma('query_only = ON');
      expect(reader.pragma('integrity_check', { simple: true })).toBe('ok');
      const marked = reader.prepare("SELECT count(*) FROM NewsItem WHERE title LIKE ?").pluck().get(`Trial ${trial} %`) as number;
      reader.close();
      expect([0, files.length]).toContain(marked);
      if (marked) applied++;

      const next = runIngestCli(corpus, db);
      expect(next.status, next.stderr).toBe(0);
      const after = new Database(db, { readonly: true });
      expect(after.prepare("SELECT count(*) FROM NewsItem WHERE title LIKE ?").pluck().get(`Trial ${trial} %`)).toBe(files.length);
      after.close();
    }
    console.log(`kill -9 during incremental updates (${duration.toFixed(0)} ms each): ${10 - applied} of 10 killed before commit (${journals} mid-write, leaving a journal), ${applied} after`);
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f !== 'site.db')).toEqual([]);
  }, 240_000);
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
