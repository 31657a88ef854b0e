import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoreUpdateSummary } from '../../lib/ingest/update-store';
import { ingestAll } from '../../lib/ingest/full';
import { watchContent } from '../../lib/ingest/watch';
import { recordText, tempDir } from '../support/helpers';

describe('watching content/ (npm run dev)', () => {
  it('re-ingests after a change, keeps the last good store on a broken record, and follows deletions', async () => {
    const dir = tempDir('watch');
    const db = path.join(tempDir('watch-store'), 'site.db');
    fs.writeFileSync(path.join(dir, 'a.md'), recordText({ slug: 'a', title: 'First title' }));
    await ingestAll({ contentDir: dir, databasePath: db });
    const reports: [string, StoreUpdateSummary | Error][] = [];
    const watcher = watchContent(dir, { databasePath: db }, (reason, s) => reports.push([reason, s]), 50);
    const title = () => {
      const raw = new Database(db, { readonly: true });
      try {
        return (raw.prepare('SELECT title FROM NewsItem WHERE slug = ?').get('a') as { title: string } | undefined)?.title;
      } finally {
        raw.close();
      }
    };
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 200));
      await watcher.idle();
    };
    try {
      fs.writeFileSync(path.join(dir, 'a.md'), recordText({ slug: 'a', title: 'Edited title' }));
      await settle();
      expect(title()).toBe('Edited title');
      expect(reports.at(-1)![1]).toMatchObject({ mode: 'incremental', changed: ['a.md'] });

      fs.writeFileSync(path.join(dir, 'b.md'), '---\ntitle: [broken\n---\n');
      await settle();
      const last = reports.at(-1)![1] as StoreUpdateSummary;
      expect(last.published).toBe(false);
      expect(last.problems[0]).toMatchObject({ file: 'b.md', line: 3 });
      expect(title()).toBe('Edited title');

      fs.rmSync(path.join(dir, 'b.md'));
      fs.rmSync(path.join(dir, 'a.md'));
      await settle();
      expect(title()).toBeUndefined();
      expect(reports.at(-1)![1]).toMatchObject({ published: true, removed: ['a.md'] });
    } finally {
      watcher.close();
    }
  });
});
