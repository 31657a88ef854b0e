import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../lib/curation/check';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, ROOT, siteContentDir, tempDir } from '../support/helpers';
import { visibleContent } from '../support/store-contents';

/**
 * The ways an ingest avoids work — nothing to do, a rebuild that reuses the rows of
 * unchanged files, a check of one file against the store, the compiled commands — each
 * giving what the slow way gives.
 */
const write = (dir: string, name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const comparable = (db: string) => {
  const { danglingRelated: _a, relatedRows: _b, ...rest } = visibleContent(db);
  return rest;
};


const SEED = '8e81e3ad-8686-53b4-9604-07f2bb01e70e.md';
/** The seed record with another article's address: the same slug for a different article, which the rules refuse. */
const anotherArticleUnderTheSeedsSlug = (dir: string) => fs.readFileSync(path.join(dir, SEED), 'utf8').replaceAll('health-system-resilience-depends-digital-tools', 'another-article-entirely');

describe('a rebuild (--full) that reuses what the store knows', () => {
  it('equals a rebuild from scratch, over unchanged files and after edits, additions and deletions', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('reuse'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const before = fs.statSync(db).ino;

    const unchanged = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(unchanged).toMatchObject({ mode: 'full', reused: true, published: true, added: [], changed: [], removed: [] });
    expect(unchanged.full).toBeUndefined();
    // A new file swapped in whole, as every full rebuild does.
    expect(fs.statSync(db).ino).not.toBe(before);

    write(dir, 'zz-new.md', recordText({ slug: 'example-zz-new', title: 'New one', link: '\n  brand: example.org\n  href: https://example.org/zz-new' }));
    const victim = fs.readdirSync(path.join(dir, 'variants', 'video')).find((n) => n.endsWith('.md'))!;
    fs.rmSync(path.join(dir, 'variants', 'video', victim));
    const edited = path.join(dir, 'who-digital-health-topic.md');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: Edited title'));
    const changed = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(changed).toMatchObject({ reused: true, published: true, added: ['zz-new.md'], changed: ['who-digital-health-topic.md'], removed: [`variants/video/${victim}`] });

    const scratch = path.join(tempDir('scratch'), 'site.db');
    const fresh = await updateStore({ contentDir: dir, databasePath: scratch, full: true });
    expect(fresh.reused).toBeUndefined();
    expect(comparable(db)).toEqual(comparable(scratch));
  });

  it('reads every file when the store was made by other code, and an update rebuilds then too', async () => {
    const dir = siteContentDir({ variants: false });
    const db = path.join(tempDir('other-code'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const madeElsewhere = () => {
      const raw = new Database(db);
      raw.prepare("UPDATE StoreInfo SET pipelineDigest = 'code of another version'").run();
      raw.close();
    };
    madeElsewhere();
    const full = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(full).toMatchObject({ mode: 'full', published: true });
    expect(full.reused).toBeUndefined();
    expect(full.full!.records).toBeGreaterThan(20);
    madeElsewhere();
    // Nothing changed among the files, but the rows are another code's: rebuilt.
    const update = await updateStore({ contentDir: dir, databasePath: db });
    expect(update).toMatchObject({ mode: 'full', published: true });
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT pipelineDigest FROM StoreInfo').pluck().get()).toMatch(/^[0-9a-f]{64}$/);
    raw.close();
  });

  it('answers "nothing to do" without writing, and still names records rejected earlier', async () => {
    const dir = siteContentDir({ variants: false });
    write(dir, 'broken.md', recordText({ title: null }));
    const db = path.join(tempDir('idle'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0, skipInvalid: true });
    const stamp = fs.statSync(db).mtimeMs;
    const idle = await updateStore({ contentDir: dir, databasePath: db });
    expect(idle).toMatchObject({ mode: 'incremental', published: true, added: [], changed: [], removed: [] });
    expect(idle.unchanged).toBeGreaterThan(20);
    expect(idle.stillRejected.map((p) => p.file)).toEqual(['broken.md']);
    expect(fs.statSync(db).mtimeMs).toBe(stamp);
  });
});

describe('npm run check on some files', () => {
  it('checks them against the store as it holds the other records, and changes nothing in it', async () => {
    const dir = siteContentDir({ variants: false });
    const db = path.join(tempDir('check-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const digest = () => {
      const raw = new Database(db, { readonly: true });
      const row = raw.prepare('SELECT contentDigest, ingestedAt FROM StoreInfo').get();
      const topics = raw.prepare('SELECT count(*) FROM Topic').pluck().get();
      raw.close();
      return { row, topics, size: fs.statSync(db).size };
    };
    const before = digest();
    // Another article under the seed record's slug, and a record with a new topic.
    write(dir, 'copy.md', anotherArticleUnderTheSeedsSlug(dir));
    write(dir, 'new-topic.md', recordText({ slug: 'example-new-topic', categories: "\n  - 'Brand New: Collection Topic'", link: '\n  brand: example.org\n  href: https://example.org/new-topic' }));
    const report = await checkContent(dir, { files: ['copy.md', 'new-topic.md'], databasePath: db });
    expect(report.files).toBe(2);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'copy.md', field: 'slug', message: expect.stringContaining('is already the slug of 8e81e3ad-8686-53b4-9604-07f2bb01e70e.md') }),
      expect.objectContaining({ file: 'copy.md', field: 'aliases[0]', message: expect.stringContaining('already leads to 8e81e3ad-8686-53b4-9604-07f2bb01e70e.md') }),
    ]);
    expect(report.warnings.filter((w) => w.file === 'new-topic.md')).toEqual([]);
    expect(digest()).toEqual(before);
    // The same answer as reading every file.
    const everything = await checkContent(dir, { files: ['copy.md', 'new-topic.md'] });
    expect(everything.errors).toEqual(report.errors);
    // The same article under the same slug is one item: a warning naming the other file, no error.
    write(dir, 'copy.md', fs.readFileSync(path.join(dir, SEED), 'utf8'));
    const same = await checkContent(dir, { files: ['copy.md'], databasePath: db });
    expect(same.errors).toEqual([]);
    expect(same.warnings).toContainEqual(expect.objectContaining({ code: 'same-article', file: 'copy.md', message: expect.stringContaining(SEED) }));
  });
});

describe('the compiled commands (scripts/run.mjs)', () => {
  const run = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });

  it('ingest and check as the TypeScript does, and compile again when a source changed since the build', () => {
    const dir = siteContentDir({ variants: false });
    const db = path.join(tempDir('compiled'), 'site.db');
    const env = { CONTENT_DIR: dir, DATABASE_URL: `file:${db}` };
    // A build whose record of a source no longer matches: compiled again before running.
    const manifest = path.join(ROOT, 'dist', 'cli', 'sources.json');
    if (fs.existsSync(manifest)) {
      const stamps = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>;
      stamps['lib/content/schema.ts'] = '0:0';
      fs.writeFileSync(manifest, JSON.stringify(stamps));
    }
    const ingest = run(['ingest'], env);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/ingest: \d+ records/);
    const rebuilt = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>;
    const st = fs.statSync(path.join(ROOT, 'lib/content/schema.ts'));
    expect(rebuilt['lib/content/schema.ts']).toBe(`${st.size}:${st.mtimeMs}`);
    const again = run(['ingest'], env);
    expect(again.stdout).toMatch(/0 added, 0 changed, 0 removed, 0 moved, \d+ unchanged/);
    write(dir, 'copy.md', anotherArticleUnderTheSeedsSlug(dir));
    const check = run(['check', path.join(dir, 'copy.md')], env);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('copy.md: slug:');
    expect(check.stdout).toContain('check: 1 records, 2 errors');
  });
});
