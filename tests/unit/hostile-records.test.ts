import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../lib/content/problems';
import { readRecord } from '../../lib/content/record';
import { renderBody } from '../../lib/content/render';
import { ingestAll } from '../../lib/ingest/full';
import { syncStore } from '../../lib/ingest/sync';
import { recordText, runIngestCli, siteContentDir, tempDir } from '../support/helpers';

/** Records as a careless editor or an attacker would write them, through the real ingest. */
const write = (dir: string, file: string, text: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

describe('bodies that would cost too much to render', () => {
  const pathological: [string, string][] = [
    ['emphasis markers', '*_'.repeat(10_500)],
    ['setext underlines', 'a\n=\n'.repeat(5_300)],
    ['brackets', '[a]('.repeat(6_000)],
    ['nested quotes', `${'> '.repeat(3_000)}x`],
    ['a 1.3 MB body', '*_'.repeat(650_000)],
  ];
  for (const [name, body] of pathological) {
    it(`refuses ${name} at once, saying what to change`, () => {
      const t0 = performance.now();
      const result = readRecord('heavy.md', recordText({}, body));
      const ms = performance.now() - t0;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems[0]).toMatchObject({ file: 'heavy.md', field: 'body', message: expect.stringMatching(/^the body has [\d,]+ .*; at most [\d,]+ are rendered/) });
      // Quadratic before: 8 s for 21 KB, past 300 s for 1.3 MB.
      expect(ms).toBeLessThan(500);
    });
  }

  it('still renders what curated notes use, well under the limits', () => {
    const note = `## Why it matters\n\n${'Remote *monitoring* and **virtual wards** cut [readmissions](https://example.org/a). '.repeat(40)}\n\n> A quote\n> - with a list\n`;
    expect(renderBody(note)).toContain('<em>monitoring</em>');
  });
});

describe('links and images in bodies', () => {
  it('marks outbound and protocol-relative links nofollow ugc, and external images load without a referrer', () => {
    const html = renderBody('<p><a href="//evil.example/x">x</a> <a href="https://who.int">w</a> <a href="/news/x">in</a> <img src="//tracker.example/p.gif" alt=""> <img src="https://cdn.example/i.png" alt="i"></p>');
    expect(html).toContain('<a href="//evil.example/x" rel="nofollow ugc noopener noreferrer">x</a>');
    expect(html).toContain('<a href="https://who.int" rel="nofollow ugc noopener noreferrer">w</a>');
    expect(html).toContain('<a href="/news/x">in</a>');
    expect(html).toContain('<img src="//tracker.example/p.gif" alt="" referrerpolicy="no-referrer" loading="lazy" decoding="async">');
    expect(html).toContain('<img src="https://cdn.example/i.png" alt="i" referrerpolicy="no-referrer" loading="lazy" decoding="async">');
  });
});

describe('ingests that remember what they refused', () => {
  it('reports duplicate slugs in a change even when other records in it are invalid', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('hostile'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    write(dir, 'broken.md', recordText({ title: null, slug: 'example-broken' }));
    write(dir, 'one.md', recordText({ slug: 'example-twice', link: '\n  brand: example.org\n  href: https://example.org/one' }));
    write(dir, 'two.md', recordText({ slug: 'example-twice', link: '\n  brand: example.org\n  href: https://example.org/two' }));
    const incremental = await syncStore({ contentDir: dir, databasePath: db });
    const full = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('hostile'), 'full.db'), workers: 0 });
    const fields = (ps: { file: string; field?: string }[]) => ps.map((p) => `${p.file}: ${p.field}`).sort();
    expect(incremental.published).toBe(false);
    expect(fields(incremental.problems)).toEqual(['broken.md: title', 'two.md: slug']);
    expect(fields(incremental.problems)).toEqual(fields(full.problems));
  });

  it('after --skip-invalid, every later ingest still names the rejected records and fails without the flag', () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('hostile'), 'site.db');
    write(dir, 'broken.md', recordText({ title: null, slug: 'example-broken' }));
    const skipped = runIngestCli(dir, db, '--skip-invalid');
    expect(skipped.status).toBe(0);
    const again = runIngestCli(dir, db);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/0 added, 0 changed/);
    expect(again.stderr).toContain('broken.md: title: the title is missing');
    expect(again.stderr).toMatch(/1 record\(s\) above are still rejected/);
    const accepted = runIngestCli(dir, db, '--skip-invalid');
    expect(accepted.status).toBe(0);
    expect(accepted.stderr).toContain('broken.md: title: the title is missing');
    fs.rmSync(path.join(dir, 'broken.md'));
    expect(runIngestCli(dir, db).status).toBe(0);
  });

  it('refuses a record whose bytes are not UTF-8, naming the file and line', async () => {
    const dir = siteContentDir();
    const text = recordText({ title: 'Caf\u00e9 culture', slug: 'example-latin1' });
    write(dir, 'latin1.md', Buffer.from(text, 'latin1'));
    const s = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('hostile'), 'site.db'), workers: 0 });
    expect(s.published).toBe(false);
    const problem = s.problems.find((p) => p.file === 'latin1.md')!;
    expect(problem.line).toBe(2);
    expect(problem.message).toMatch(/^the file is not UTF-8 text: byte 0xE9 on line 2 is not valid UTF-8/);
    // The same text in UTF-8 is fine.
    write(dir, 'latin1.md', text);
    expect((await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('hostile'), 'site.db'), workers: 0 })).published).toBe(true);
  });

  it('reports and skips a folder nested deeper than a path can name, and ingests the rest', async () => {
    const dir = siteContentDir();
    // Built with relative steps: each name is short, the whole path is longer than PATH_MAX.
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      for (let i = 0; i < 45; i++) {
        fs.mkdirSync('d'.repeat(100));
        process.chdir('d'.repeat(100));
      }
      fs.writeFileSync('deep.md', recordText({ slug: 'example-deep' }));
    } finally {
      process.chdir(cwd);
    }
    const db = path.join(tempDir('hostile'), 'site.db');
    const strict = await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    expect(strict.published).toBe(false);
    expect(strict.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^the folder was skipped: it is nested deeper than a file path can name/));
    const skipping = await ingestAll({ contentDir: dir, databasePath: db, workers: 0, skipInvalid: true });
    expect(skipping.published).toBe(true);
    expect(skipping.records).toBeGreaterThan(20);
  });

  it('never prints a control character of a file name to the terminal', () => {
    expect(formatProblem({ file: 'evil\u001b[2J\u0007.md', field: 'title', message: 'the title is missing' })).toBe('evil\\u001b[2J\\u0007.md: title: the title is missing');
  });
});
