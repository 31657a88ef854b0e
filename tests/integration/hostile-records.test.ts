import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, type Diagnostic, diagnostic } from '../../lib/content/problems';
import { checkContent } from '../../lib/curation/check';
import { readRecord } from '../../lib/content/record';
import { renderBody } from '../../lib/content/render';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { publishImages, type MediaSummary } from '../../lib/store/media';
import { recordText, runIngestCli, siteContentDir, tempDir } from '../support/helpers';
import { storeColumn } from '../support/store-contents';

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
    const incremental = await updateStore({ contentDir: dir, databasePath: db });
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
    expect(formatProblem(diagnostic('missing-field', 'evil\u001b[2J\u0007.md', 'the title is missing', { field: 'title' }))).toBe('evil\\u001b[2J\\u0007.md: title: the title is missing');
  });
});

describe('symbolic links among the records', () => {
  /**
   * A pull request can carry links: to a record outside content/, to the process's
   * environment, to a FIFO (which would hang a reader that opened it), a folder that is a
   * link. Each is refused by name, the same way in every mode; none is ever opened.
   */
  const MARK = 'symlink-leak-marker-6c1f';
  process.env.DHN_TEST_MARK = MARK;

  function linkedContent() {
    const dir = tempDir('links');
    const outside = tempDir('outside');
    write(dir, 'good.md', recordText({ slug: 'example-good' }));
    write(outside, 'file.md', recordText({ slug: 'private-outside', title: `Private ${MARK}`, link: '\n  brand: example.org\n  href: https://example.org/private' }));
    fs.mkdirSync(path.join(outside, 'folder'));
    write(outside, 'folder/inner.md', recordText({ slug: 'private-inner', link: '\n  brand: example.org\n  href: https://example.org/inner' }));
    const fifo = path.join(outside, 'pipe');
    spawnSync('mkfifo', [fifo]);
    return { dir, outside, fifo };
  }
  /** The links, added to a content directory. */
  function addLinks(dir: string, outside: string, fifo: string) {
    fs.symlinkSync(path.join(outside, 'file.md'), path.join(dir, 'leak.md'));
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'environ.md'));
    fs.symlinkSync(fifo, path.join(dir, 'fifo.md'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(dir, 'linked'));
  }
  const LINK_FILES = ['environ.md', 'fifo.md', 'leak.md'];
  /** Each link's problem, as `file: message`. */
  const linkProblems = (problems: Diagnostic[]) =>
    problems
      .filter((p) => /symbolic link/.test(p.message))
      .map((p) => `${p.file}: ${p.message}`)
      .sort();
  const expected = [
    ...LINK_FILES.map((f) => `${f}: the file is a symbolic link; records are read only from files inside content/, never through a link: put the file itself there (git add the file, not a link to it)`),
    'linked/: the folder is a symbolic link; records are read only from files inside content/, never through a link, so its records were not read: put the folder itself there',
  ].sort();
  const storeText = (db: string) => fs.readFileSync(db).toString('latin1');

  it('refuses each link by name in a full ingest, an incremental one, --full and check, and reads none of them', async () => {
    const { dir, outside, fifo } = linkedContent();
    const db = path.join(tempDir('links-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    addLinks(dir, outside, fifo);

    const incremental = await updateStore({ contentDir: dir, databasePath: db });
    expect(incremental.published).toBe(false);
    expect(linkProblems(incremental.problems)).toEqual(expected);

    const full = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('links-full'), 'site.db') });
    expect(full.published).toBe(false);
    expect(linkProblems(full.problems)).toEqual(expected);

    const rebuilt = await updateStore({ contentDir: dir, databasePath: db, full: true });
    expect(rebuilt.published).toBe(false);
    expect(linkProblems(rebuilt.problems)).toEqual(expected);

    const checked = await checkContent(dir);
    expect(linkProblems(checked.errors)).toEqual(expected);

    // Published without them, with --skip-invalid; later ingests still name them.
    const skipped = await updateStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    expect(skipped.published).toBe(true);
    const again = await updateStore({ contentDir: dir, databasePath: db });
    expect(linkProblems([...again.problems, ...again.stillRejected])).toEqual(expected);
    const slugs = storeColumn(db, 'SELECT slug FROM NewsItem');
    expect(slugs).toEqual(['example-good']);
    expect(storeText(db)).not.toContain(MARK);
  });

  it('refuses the links it is told about (npm run sync, the editor, a pre-commit check), a file inside a linked folder included', async () => {
    const { dir, outside, fifo } = linkedContent();
    const db = path.join(tempDir('links-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    addLinks(dir, outside, fifo);
    const told = [...LINK_FILES, 'linked/inner.md'];
    const inside = 'linked/inner.md: the folder "linked/" is a symbolic link; records are read only from files inside content/, never through a link: put the file itself there (git add the file, not a link to it)';

    const synced = await updateStore({ contentDir: dir, databasePath: db, paths: told });
    expect(synced.published).toBe(false);
    expect(linkProblems(synced.problems)).toEqual([...expected.filter((p) => !p.startsWith('linked/')), inside].sort());

    const checked = await checkContent(dir, { files: told, databasePath: db });
    expect(linkProblems(checked.errors)).toEqual([...expected.filter((p) => !p.startsWith('linked/')), inside].sort());
    expect(storeText(db)).not.toContain(MARK);
  });

  it('refuses a FIFO or a device named like a record without opening it for long', async () => {
    const dir = tempDir('fifo');
    write(dir, 'good.md', recordText({ slug: 'example-good' }));
    spawnSync('mkfifo', [path.join(dir, 'pipe.md')]);
    const s = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('fifo-store'), 'site.db') });
    expect(s.problems).toEqual([{ severity: 'error', code: 'unreadable-file', file: 'pipe.md', message: 'this is not a regular file (a device, a pipe or a socket); a record is a text file' }]);
  });

  it('publishes no image through a link, even one put in place of a file after the records were read', async () => {
    // The records' reader refuses a linked image (tests/e2e/hostile.test.ts); the media stage
    // reads its files again later, so it must refuse a link of its own accord.
    const { dir, outside, fifo } = linkedContent();
    const icon = path.join(import.meta.dirname, '..', '..', 'app', 'icon.svg');
    fs.copyFileSync(icon, path.join(outside, 'secret.svg'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd.svg'));
    fs.symlinkSync('/proc/self/environ', path.join(dir, 'environ.svg'));
    fs.symlinkSync(path.join(outside, 'secret.svg'), path.join(dir, 'outside.svg'));
    fs.symlinkSync(fifo, path.join(dir, 'fifo.svg'));
    fs.copyFileSync(icon, path.join(dir, 'real.svg'));
    const mediaDir = tempDir('links-media');
    const summary: MediaSummary = { images: 0, read: 0, written: 0, bytes: 0, problems: [], seconds: 0 };
    await publishImages(['environ.svg', 'fifo.svg', 'outside.svg', 'passwd.svg', 'real.svg'], dir, mediaDir, summary);
    expect(summary.problems.map((p) => p.file).sort()).toEqual(['environ.svg', 'fifo.svg', 'outside.svg', 'passwd.svg']);
    expect(summary.read).toBe(1);
    const published = fs.readdirSync(mediaDir);
    expect(published.length).toBeGreaterThan(0);
    for (const f of published) expect(fs.readFileSync(path.join(mediaDir, f), 'latin1')).not.toMatch(/root:|DHN_TEST_MARK/);
  });
});
