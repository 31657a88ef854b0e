import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../lib/curation/check';
import { curate } from '../../lib/curation/curate';
import { previewBody } from '../../lib/editor/records';
import { ingestAll } from '../../lib/ingest/full';
import { renderPreview } from '../../lib/ingest/preparation';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, ROOT, runIngestCli, tempDir } from '../support/helpers';
import { storeColumn } from '../support/store-contents';

/**
 * Bodies made to be slow to render, through every path that renders one: each is
 * rendered or refused within a bounded time, off the thread that serves pages and holds
 * the store's lock, and a refusal names the file and says what to change. The deadline
 * is short here (RECORD_DEADLINE_MS, processor time) so that the tests that hit it stay
 * quick; tests that need a body rendered whole give their own. Not shorter: an item is
 * also stopped after six times the deadline of waiting, and on a busy shared machine a
 * body needing a few hundred ms of processor time waits that long for it (at 300 ms,
 * <div> × 30,000 was refused as slow rather than as too deeply nested).
 */
process.env.RECORD_DEADLINE_MS = '900';

const ordered = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}. `).join('');
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** Legitimate in shape, linear, but slow: 60 KB of headings take ~3 s of processor time here. */
const SLOW = '# a\n'.repeat(15_000);

/** The issue's inputs (each refused) and their variants (rendered or refused). */
const ISSUE = new Set(['two runs of 10,000 * around a letter', '"- " × 3,000 (a list nested 3,000 deep on one line)', '"+ " × 4,000', '"1. 2. 3. …" (53 KB)', '<div> × 30,000']);
const PATHOLOGICAL: [name: string, body: string][] = [
  ['two runs of 10,000 * around a letter', `${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`],
  ['two runs of 10,000 _ around a letter', `${'_'.repeat(10_000)}a${'_'.repeat(10_000)}`],
  ['alternating *_', '*_'.repeat(10_500)],
  ['"- " × 3,000 (a list nested 3,000 deep on one line)', '- '.repeat(3_000)],
  ['"- " × 3,000 then text', `${'- '.repeat(3_000)}a`],
  ['"+ " × 4,000', '+ '.repeat(4_000)],
  ['"* " × 3,000', '* '.repeat(3_000)],
  ['"1. 2. 3. …" (53 KB)', ordered(11_000).slice(0, 53_000)],
  ['"1) 2) 3) …"', Array.from({ length: 5_000 }, (_, i) => `${i + 1}) `).join('')],
  ['lists nested 10 deep on 2,500 lines', lines(2_500, () => `${'- '.repeat(10)}x`)],
  ['"- - item" on 3,000 lines', lines(3_000, () => '- - item x')],
  ['quotes nested 3,000 deep', `${'> '.repeat(3_000)}x`],
  ['quotes and lists on one line', `${'> - '.repeat(2_000)}x`],
  ['lists nested by indentation, 300 deep', lines(300, (i) => `${' '.repeat(i * 2)}- x`)],
  ['tab-separated list markers', '-\t'.repeat(5_000)],
  ['[a]( × 6,000', '[a]('.repeat(6_000)],
  ['[ × 30,000', '['.repeat(30_000)],
  ['![ × 20,000', '!['.repeat(20_000)],
  ['backticks × 60,000', '`'.repeat(60_000)],
  ['backtick runs of growing length', Array.from({ length: 300 }, (_, i) => `${'`'.repeat(i + 1)}a`).join('')],
  ['< × 60,000', '<'.repeat(60_000)],
  ['<a × 30,000', '<a'.repeat(30_000)],
  ['<!-- × 15,000', '<!--'.repeat(15_000)],
  ['setext = underlines', 'a\n=\n'.repeat(5_300)],
  ['setext - underlines', 'a\n-\n'.repeat(5_300)],
  ['<div> × 30,000', '<div>'.repeat(30_000)],
  ['<div> × 30,000 after HTML', `<p>x</p>${'<div>'.repeat(30_000)}`],
  ['<span> × 60,000', '<span>'.repeat(60_000)],
  ['tables nested 10,000 deep', '<table><tr><td>'.repeat(10_000)],
  ['<div> lines, unclosed', '<div>\n'.repeat(10_000)],
  ['Markdown in unclosed <div>s', '<div>\n\n*a*\n\n'.repeat(4_000)],
  ['autolinks × 4,000', '<https://a.b/>'.repeat(4_000)],
  ['a 1.3 MB body', '*_'.repeat(650_000)],
  ['60 KB of headings', SLOW],
];

/** What a refusal says: what is wrong and what to change. */
const WHAT_TO_CHANGE = /^(the body has [\d,]+ .+; at most [\d,]+ are rendered .*: .+|the body nests its elements too deeply to render; flatten it|(the body|reading and rendering this record) took longer than [\d.]+ m?s, so it is refused: shorten the body, or simplify .+)$/;

describe('rendering under a deadline', () => {
  it("renders or refuses each pathological body in the editor's preview, in a bounded time, saying what to change", { timeout: 240_000 }, async () => {
    for (const [name, body] of PATHOLOGICAL) {
      const started = performance.now();
      const result = await renderPreview(body, { deadlineMs: 1000 });
      const ms = performance.now() - started;
      if (ISSUE.has(name)) expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.message, name).toMatch(WHAT_TO_CHANGE);
      // Before: 11 s to minutes each, or a stack overflow. Now at most the deadline (in
      // processor time, or six times it of waiting) and a fresh worker's start.
      expect(ms, name).toBeLessThan(30_000);
    }
  });

  it('stops a body that runs over the deadline, refuses it, and goes on with a fresh worker', async () => {
    const slow = await renderPreview(SLOW, { deadlineMs: 300 });
    expect(slow).toEqual({ ok: false, message: expect.stringMatching(/^the body took longer than 300 ms, so it is refused: shorten the body/) });
    expect(await renderPreview('Still *here*.')).toEqual({ ok: true, html: '<p>Still <em>here</em>.</p>' });
  }, 60_000);

  it("answers the editor's preview of <div> × 30,000 with the problem, not an error", async () => {
    expect(await previewBody('<div>'.repeat(30_000))).toEqual({ ok: false, problems: [{ severity: 'error', code: 'body-too-costly', file: '(preview)', field: 'body', message: 'the body nests its elements too deeply to render; flatten it' }] });
  });

  it('refuses each pathological record in a full ingest, naming its file, and publishes the others', { timeout: 240_000 }, async () => {
    const dir = tempDir('heavy');
    const names = PATHOLOGICAL.map((_, i) => `heavy-${String(i).padStart(2, '0')}.md`);
    PATHOLOGICAL.forEach(([, body], i) => fs.writeFileSync(path.join(dir, names[i]!), recordText({ slug: `example-heavy-${i}`, link: `\n  brand: example.org\n  href: https://example.org/${i}` }, body)));
    for (const name of ['a-good.md', 'zz-good.md']) fs.writeFileSync(path.join(dir, name), recordText({ slug: `example-${name.slice(0, -3)}`, link: `\n  brand: example.org\n  href: https://example.org/${name}` }, 'A *fine* body.'));
    const db = path.join(tempDir('heavy-store'), 'site.db');
    const s = await ingestAll({ contentDir: dir, databasePath: db, skipInvalid: true, workers: 2 });
    expect(s.published).toBe(true);
    const published = storeColumn(db, 'SELECT sourcePath FROM NewsItem ORDER BY sourcePath') as string[];
    expect(published).toContain('a-good.md');
    expect(published).toContain('zz-good.md');
    // Every refusal names its file and the body, and says what to change; the slow one ran into the deadline.
    for (const p of s.problems) expect(p, p.file).toMatchObject({ file: expect.stringMatching(/^heavy-\d\d\.md$/), field: 'body', message: expect.stringMatching(WHAT_TO_CHANGE) });
    expect(s.problems.find((p) => p.file === names.at(-1))?.message).toMatch(/^reading and rendering this record took longer than 900 ms/);
    for (const [i, [name]] of PATHOLOGICAL.entries()) if (ISSUE.has(name)) expect(published, name).not.toContain(names[i]);
    expect(new Set([...published, ...s.problems.map((p) => p.file)]).size).toBe(PATHOLOGICAL.length + 2);
  });

  it('refuses a slow record in check, curate and an incremental ingest told of it, as the full ingest does', async () => {
    const dir = tempDir('slow');
    fs.writeFileSync(path.join(dir, 'good.md'), recordText({ slug: 'example-good' }));
    const db = path.join(tempDir('slow-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    fs.writeFileSync(path.join(dir, 'slow.md'), recordText({ slug: 'example-slow', link: '\n  brand: example.org\n  href: https://example.org/slow' }, SLOW));
    const refusal = { severity: 'error', code: 'body-too-slow', file: 'slow.md', field: 'body', message: expect.stringMatching(/^reading and rendering this record took longer than 900 ms, so it is refused: shorten the body/) };

    expect((await checkContent(dir)).errors).toEqual([refusal]);
    expect((await checkContent(dir, { files: ['slow.md'], databasePath: db })).errors).toEqual([refusal]);
    const told = await updateStore({ contentDir: dir, databasePath: db, paths: ['slow.md'] });
    expect(told).toMatchObject({ published: false, problems: [refusal] });
    const all = await updateStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    expect(all).toMatchObject({ published: true, problems: [refusal] });
    // Not rendered again while it does not change: it is still rejected.
    expect(await updateStore({ contentDir: dir, databasePath: db })).toMatchObject({ problems: [], stillRejected: [refusal] });

    const curated = await curate(dir, { url: 'https://example.org/new', title: 'A new link', body: SLOW });
    expect(curated).toEqual({ ok: false, problems: [{ ...refusal, file: '(new record)' }] });
    expect(fs.readdirSync(dir).sort()).toEqual(['good.md', 'slow.md']);
  });

  it('reads a slow record before taking the write lock: another update goes through meanwhile', { timeout: 120_000 }, async () => {
    const dir = tempDir('lock');
    fs.writeFileSync(path.join(dir, 'good.md'), recordText({ slug: 'example-good' }));
    const db = path.join(tempDir('lock-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    fs.writeFileSync(path.join(dir, 'slow.md'), recordText({ slug: 'example-slow', link: '\n  brand: example.org\n  href: https://example.org/slow' }, SLOW));
    const finished: string[] = [];
    const slow = updateStore({ contentDir: dir, databasePath: db, paths: ['slow.md'], deadlineMs: 60_000 }).then((s) => {
      finished.push('slow');
      return s;
    });
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(path.join(dir, 'quick.md'), recordText({ slug: 'example-quick', link: '\n  brand: example.org\n  href: https://example.org/quick' }));
    const quick = await updateStore({ contentDir: dir, databasePath: db, paths: ['quick.md'] });
    finished.push('quick');
    expect(quick).toMatchObject({ published: true, added: ['quick.md'] });
    expect((await slow).added).toEqual(['slow.md']);
    // The quick save did not wait for the slow record's rendering (before, that held the write lock).
    expect(finished).toEqual(['quick', 'slow']);
    expect(storeColumn(db, 'SELECT sourcePath FROM NewsItem ORDER BY sourcePath')).toEqual(['good.md', 'quick.md', 'slow.md']);
  });

  it('lets a command exit when its worker was started but had nothing to read (a --full that reuses every row)', { timeout: 60_000 }, async () => {
    const dir = tempDir('idle');
    fs.writeFileSync(path.join(dir, 'good.md'), recordText({ slug: 'example-good' }));
    const db = path.join(tempDir('idle-store'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db });
    // An idle worker once kept this command alive for ever.
    const run = runIngestCli(dir, db, '--full');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 unchanged .*reusing the rows/);
  });

  it('is the only way a body is rendered: nothing else in lib/ or app/ calls the renderer', () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'generated' ? [] : sources(path.join(dir, e.name))) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const callers: string[] = [];
    for (const file of [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'app'))]) {
      const rel = path.relative(ROOT, file);
      // The pipeline itself, and the worker that runs it.
      if (rel.startsWith('lib/content/') || rel === 'lib/ingest/worker.ts') continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const call of text.match(/\b(?:renderBody|readRecordFile|readContentRecord|readRecord)\([^;]*/g) ?? []) {
        // Reading a record's fields without its body is fine.
        if (!/\bbody: 'skip'/.test(call)) callers.push(`${rel}: ${call.slice(0, 60)}`);
      }
    }
    expect(callers).toEqual([]);
  });
});
