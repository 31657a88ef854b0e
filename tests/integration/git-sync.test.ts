import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitContent, commitMessage, editorAuthor, syncFromRemote } from '../../lib/curation/git';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { contentRepository, git } from '../support/content-repository';
import { recordText, siteContentDir, tempDir } from '../support/helpers';

/**
 * git as the source of truth: a writer's change becomes a commit on the content
 * repository; a reading node pulls it and applies exactly those files, purging their
 * pages from a cache (a stand-in on loopback that records the purges).
 */

let cache: http.Server;
let cacheUrl: string;
const purges: string[] = [];

beforeAll(async () => {
  cache = http.createServer((req, res) => {
    if (req.method === 'PURGE') purges.push(String(req.headers['xkey-purge']));
    res.end('ok');
  });
  await new Promise<void>((r) => cache.listen(0, '127.0.0.1', r));
  cacheUrl = `http://127.0.0.1:${(cache.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => cache.close(() => r())));

function repositories() {
  const { clones } = contentRepository(['writer', 'reader']);
  return clones;
}

describe('git as the source of truth', () => {
  it("makes a writer's change a commit by its editor, pushed; a reader pulls and applies those files only, purging their pages", async () => {
    const { writer, reader } = repositories();
    const readerDb = path.join(tempDir('reader-store'), 'site.db');
    await ingestAll({ contentDir: reader, databasePath: readerDb, workers: 0 });

    fs.writeFileSync(path.join(writer, 'example-new.md'), recordText({ slug: 'example-new', title: 'A new link', link: '\n  brand: example.org\n  href: https://example.org/new' }));
    const commit = await commitContent(writer, ['example-new.md'], commitMessage('add', 'A new link'), editorAuthor('Alice Editor'));
    expect(commit).toMatchObject({ committed: true, pushed: true });
    expect(git(writer, 'log', '-1', '--format=%an <%ae>|%s')).toBe('Alice Editor <alice-editor@editors.invalid>|Add: A new link');
    expect(git(writer, 'show', '--name-only', '--format=', 'HEAD')).toBe('example-new.md');

    const pulled = await syncFromRemote({ contentDir: reader, databasePath: readerDb, mediaDir: tempDir('media'), purgeUrls: [cacheUrl] });
    if (!pulled.ok) throw new Error(pulled.reason);
    expect(pulled.files).toEqual(['example-new.md']);
    expect(pulled.store).toMatchObject({ mode: 'incremental', added: ['example-new.md'] });
    const db = new Database(readerDb, { readonly: true });
    const id = db.prepare("SELECT id FROM NewsItem WHERE slug = 'example-new'").pluck().get() as number;
    db.close();
    expect(id).toBeGreaterThan(0);
    // The new item's page and the listings it shows on, not every page.
    const keys = purges.at(-1)!.split(' ');
    expect(keys).toContain(`n${id}`);
    expect(keys).toContain('lists');
    expect(keys).not.toContain('site');

    expect(await syncFromRemote({ contentDir: reader, databasePath: readerDb, mediaDir: tempDir('media') })).toMatchObject({ ok: true, files: [] });
  });

  it('leaves the served store as it was when the pull fails, and says why', async () => {
    const { writer, reader } = repositories();
    const readerDb = path.join(tempDir('reader-store'), 'site.db');
    await ingestAll({ contentDir: reader, databasePath: readerDb, workers: 0 });
    // Both sides change the same file: the reader's history diverges from the remote's.
    for (const [dir, title] of [[writer, 'Writer title'], [reader, 'Reader title']] as const) {
      const file = path.join(dir, 'who-digital-health-topic.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
      git(dir, 'commit', '--quiet', '-am', title);
    }
    git(writer, 'push', '--quiet');
    const before = fs.statSync(readerDb).mtimeMs;
    const pulled = await syncFromRemote({ contentDir: reader, databasePath: readerDb, mediaDir: tempDir('media') });
    expect(pulled.ok).toBe(false);
    if (pulled.ok) return;
    expect(pulled.reason).toMatch(/^git pull failed, the store is unchanged: /);
    expect(fs.statSync(readerDb).mtimeMs).toBe(before);

    const notRepo = siteContentDir({ variants: false });
    expect(await syncFromRemote({ contentDir: notRepo, databasePath: readerDb, mediaDir: tempDir('media') })).toMatchObject({ ok: false, reason: expect.stringContaining('is not a git work tree') });
    expect(await commitContent(notRepo, ['x.md'], 'Add: x')).toEqual({ committed: false, reason: 'the content directory is not a git work tree' });
  });

  it('applies a refused pull again on the next sync, so no change in it is lost once it is fixed', async () => {
    const { writer, reader } = repositories();
    const readerDb = path.join(tempDir('reader-store'), 'site.db');
    await ingestAll({ contentDir: reader, databasePath: readerDb, workers: 0 });
    const from = git(reader, 'rev-parse', 'HEAD');
    // One push: a valid edit and a record the ingest refuses (it has no title).
    const edited = path.join(writer, 'who-digital-health-topic.md');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: A title from the writer'));
    fs.writeFileSync(path.join(writer, 'example-broken.md'), recordText({ slug: 'example-broken', title: null }));
    git(writer, 'add', '.');
    git(writer, 'commit', '--quiet', '-m', 'Edit, and a broken record');
    git(writer, 'push', '--quiet');
    const refused = await syncFromRemote({ contentDir: reader, databasePath: readerDb, mediaDir: tempDir('media') });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reason).toMatch(/the pulled records are not valid, the store is unchanged \(the files are back at the store's commit, and the next sync tries again\): example-broken\.md/);
    expect(git(reader, 'rev-parse', 'HEAD')).toBe(from);
    // The writer fixes the record; the next sync applies the whole difference, the edit too.
    fs.writeFileSync(path.join(writer, 'example-broken.md'), recordText({ slug: 'example-broken', title: 'Fixed' }));
    git(writer, 'commit', '--quiet', '-am', 'Fix the record');
    git(writer, 'push', '--quiet');
    const applied = await syncFromRemote({ contentDir: reader, databasePath: readerDb, mediaDir: tempDir('media') });
    if (!applied.ok) throw new Error(applied.reason);
    expect(applied.files.sort()).toEqual(['example-broken.md', 'who-digital-health-topic.md']);
    const db = new Database(readerDb, { readonly: true });
    const titles = db.prepare("SELECT title FROM NewsItem WHERE title IN ('Fixed', 'A title from the writer') ORDER BY title").pluck().all();
    db.close();
    expect(titles).toEqual(['A title from the writer', 'Fixed']);
  });

  it("shows git, its hooks and ssh none of the site's secrets", async () => {
    const { writer } = repositories();
    const seen = path.join(tempDir('hook'), 'env.txt');
    fs.writeFileSync(path.join(writer, '.git', 'hooks', 'post-commit'), `#!/bin/sh\nenv > '${seen}'\n`, { mode: 0o755 });
    const saved = { password: process.env.EDITOR_PASSWORD, secret: process.env.SYNC_SECRET };
    process.env.EDITOR_PASSWORD = 'editor-password-never-shown';
    process.env.SYNC_SECRET = 'sync-secret-never-shown';
    try {
      fs.writeFileSync(path.join(writer, 'example-env.md'), recordText({ slug: 'example-env' }));
      expect(await commitContent(writer, ['example-env.md'], 'Add: env')).toMatchObject({ committed: true });
    } finally {
      for (const [name, value] of [['EDITOR_PASSWORD', saved.password], ['SYNC_SECRET', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const env = fs.readFileSync(seen, 'utf8');
    expect(env).toContain('GIT_TERMINAL_PROMPT=0');
    expect(env).not.toContain('never-shown');
  });

  it('names an unpublish and a publish as such', () => {
    expect(commitMessage('unpublish', 'Old  news\n')).toBe('Unpublish: Old news');
    expect(editorAuthor('<script>')).toEqual({ name: 'script', email: 'script@editors.invalid' });
  });
});

describe('purges after a change', () => {
  it('purges only what an update touched, everything after a rebuild from scratch, and never fails the ingest for a dead cache', async () => {
    const dir = siteContentDir({ variants: false });
    const db = path.join(tempDir('purge'), 'site.db');
    purges.length = 0;
    const full = await updateStore({ contentDir: dir, databasePath: db, purgeUrls: [cacheUrl] });
    expect(full.mode).toBe('full');
    expect(purges).toEqual(['site']);
    const file = path.join(dir, 'who-digital-health-topic.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited'));
    const edit = await updateStore({ contentDir: dir, databasePath: db, purgeUrls: [cacheUrl] });
    expect(edit.changed).toEqual(['who-digital-health-topic.md']);
    const keys = purges.at(-1)!.split(' ');
    expect(keys).toContain('lists');
    expect(keys.some((k) => /^n\d+$/.test(k))).toBe(true);
    expect(keys.some((k) => /^t\d+$/.test(k))).toBe(true);
    // A cache that is not there: reported, retried, and the change is still published.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited again'));
    const dead = await updateStore({ contentDir: dir, databasePath: db, purgeUrls: ['http://127.0.0.1:9'] });
    expect(dead.published).toBe(true);
    expect(dead.purge).toMatchObject({ purged: [], failed: [{ url: 'http://127.0.0.1:9' }] });
  });
});
