import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { storeFileIdentity } from '../../lib/store/location';
import { realRecordsDir, runIngestCli, spawnIngestCli, tempDir } from '../support/helpers';
import { relatedAsComputed, storeValue } from '../support/store-contents';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';

/**
 * `kill -9` of ingests at the moments that matter, each kill checked to have landed
 * there: a full ingest while it builds its new file (the served store must be the old
 * one, byte for byte) and after it swapped the new one in (a complete new store); an
 * incremental update while it writes (a hot journal the next reader rolls back).
 */

/** Waits (polling every few milliseconds, at most `ms`) until `ready()`; false when it never was. */
async function waitUntil(ready: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

/** Kills the process with SIGKILL; true when it was still running (the kill landed). */
async function kill(child: ChildProcess): Promise<boolean> {
  const alive = child.exitCode === null && child.signalCode === null;
  child.kill('SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  return alive && child.signalCode === 'SIGKILL';
}

describe('the store swap is atomic', () => {
  it('survives kill -9 while a full ingest builds and after it swapped, and the next ingest succeeds', async () => {
    const corpus = tempDir('corpus');
    writeSyntheticCorpus(corpus, { count: 1600 });
    const dbFile = path.join(tempDir('store'), 'site.db');
    expect(runIngestCli(realRecordsDir(), dbFile).status).toBe(0);
    const building = () => fs.readdirSync(path.dirname(dbFile)).some((f) => f.startsWith('site.db.building-'));

    const landed = { building: 0, swapped: 0 };
    for (let trial = 0; trial < 20 && (landed.building < 3 || landed.swapped < 3); trial++) {
      const target = trial % 2 === 0 ? 'building' : 'swapped';
      const before = fs.readFileSync(dbFile);
      const identity = storeFileIdentity(dbFile);
      // From scratch: a --full over the files the store already holds would reuse its rows,
      // and its copy of the store comes out byte for byte what it was.
      const child = spawnIngestCli(corpus, dbFile, '--from-scratch');
      const reached = await waitUntil(() => (target === 'building' ? building() : storeFileIdentity(dbFile) !== identity), 60_000);
      const hit = (await kill(child)) && reached;
      const now = fs.readFileSync(dbFile);
      if (target === 'building' && hit) {
        // Killed before the rename: the served store is untouched.
        expect(now.equals(before)).toBe(true);
        landed.building++;
      } else if (target === 'swapped' && hit) {
        expect(now.equals(before)).toBe(false);
        landed.swapped++;
      }
      // Whatever the moment, the served store is whole.
      const raw = new Database(dbFile, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      if (!now.equals(before)) expect(raw.prepare('SELECT recordCount FROM StoreInfo').get()).toEqual({ recordCount: 1600 });
      raw.close();
    }
    console.log(`kill -9 during full ingests: ${landed.building} landed while building the new file, ${landed.swapped} after the swap`);
    expect(landed.building).toBeGreaterThanOrEqual(3);
    expect(landed.swapped).toBeGreaterThanOrEqual(1);

    const next = runIngestCli(corpus, dbFile, '--full');
    expect(next.status).toBe(0);
    // A rebuild after the kills: it reuses the rows the (whole) store holds.
    expect(next.stdout).toMatch(/1600 unchanged .*reusing the rows/);
    expect(fs.readdirSync(path.dirname(dbFile))).toEqual(['site.db']);
  }, 300_000);
});

describe('an incremental update killed mid-write', () => {
  it('leaves the store as it was or fully updated, readable by the site, every time', async () => {
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
    const journal = `${db}-journal`;
    let midWrite = 0;
    let applied = 0;
    for (let trial = 1; trial <= 12 && midWrite < 5; trial++) {
      mark(trial);
      const child = spawnIngestCli(corpus, db);
      // The journal exists from the update's first write to its commit: kill inside it.
      const writing = await waitUntil(() => fs.existsSync(journal), 60_000);
      const hit = await kill(child);
      const leftJournal = fs.existsSync(journal);
      if (writing && hit && leftJournal) midWrite++;

      // The site's own look-up opens the store as after any crash: it must read a whole store.
      const reader = new Database(db, { fileMustExist: true });
      reader.pragma('query_only = ON');
      expect(reader.pragma('integrity_check', { simple: true })).toBe('ok');
      const marked = reader.prepare('SELECT count(*) FROM NewsItem WHERE title LIKE ?').pluck().get(`Trial ${trial} %`) as number;
      reader.close();
      expect([0, files.length]).toContain(marked);
      if (leftJournal) expect(marked).toBe(0);
      if (marked) applied++;

      const next = runIngestCli(corpus, db);
      expect(next.status, next.stderr).toBe(0);
      const after = new Database(db, { readonly: true });
      expect(after.prepare('SELECT count(*) FROM NewsItem WHERE title LIKE ?').pluck().get(`Trial ${trial} %`)).toBe(files.length);
      after.close();
    }
    console.log(`kill -9 during incremental updates: ${midWrite} landed mid-write (a hot journal left and rolled back), ${applied} after the commit`);
    expect(midWrite).toBeGreaterThanOrEqual(5);
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f !== 'site.db')).toEqual([]);
  }, 300_000);

  it('updates one changed record of 10,000 without a rebuild', async () => {
    const dir = tempDir('corpus');
    writeSyntheticCorpus(dir, { count: 10_000 });
    const db = path.join(tempDir('incremental'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    const file = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()[500]!;
    fs.writeFileSync(path.join(dir, file), fs.readFileSync(path.join(dir, file), 'utf8').replace(/^title: .*$/m, 'title: Changed at once'));
    const summary = await updateStore({ contentDir: dir, databasePath: db });
    expect(summary.changed).toEqual([file]);
    const title = storeValue(db, 'SELECT title FROM NewsItem WHERE sourcePath = ?', file);
    expect(title).toBe('Changed at once');
    // How fast is measured by `npm run bench -- --live`, not here.
    expect(summary.mode).toBe('incremental');
    const related = relatedAsComputed(db);
    expect(related.stored).toEqual(related.computed);
  }, 120_000);
});
