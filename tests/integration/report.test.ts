import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../lib/content/problems';
import { runCommand, spawnCommand } from '../support/cli';
import { VARIANTS_DIR, recordText, tempDir } from '../support/helpers';
import { writeSyntheticCorpus } from '../support/synthetic-corpus';

/**
 * One report: `npm run check` and `npm run ingest` find the same problems in the same
 * records and say so the same way: as JSON lines (`--json`) that agree line for line, and
 * as a summary of one line per code. The corpus has a record for every code a content
 * problem can have.
 */
function run(script: 'check' | 'ingest', contentDir: string, args: string[], env: Record<string, string> = {}) {
  const db = path.join(tempDir('report-store'), 'site.db');
  const r = runCommand(script, args, {
    env: { ...process.env, CONTENT_DIR: contentDir, DATABASE_URL: `file:${db}`, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Line {
  type: string;
  code?: string;
  severity?: string;
  file?: string;
  [key: string]: unknown;
}

const jsonLines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);

const diagnosticLines = (lines: Line[]) => lines.filter((l) => l.type === 'diagnostic').map((l) => JSON.stringify(l)).sort();

/** A content directory with a record for each kind of problem a record, a folder or the taxonomy can have. */
function everyProblem(): { dir: string; codes: string[] } {
  const dir = tempDir('every-problem');
  const write = (name: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  const link = (n: number) => `\n  brand: example.org\n  href: https://example.org/${n}`;
  write('a-good.md', recordText({ slug: 'good', link: link(1), aliases: '\n  - /news/old-good' }));
  // The file.
  spawnSync('mkfifo', [path.join(dir, 'b-pipe.md')]);
  fs.symlinkSync('/etc/hostname', path.join(dir, 'c-link.md'));
  write('d-large.md', recordText({ slug: 'large', link: link(4) }, 'x'.repeat(3 * 1024 * 1024)));
  write('e-latin1.md', Buffer.concat([Buffer.from(recordText({ slug: 'latin', link: link(5) }, 'caf')), Buffer.from([0xe9, 0x0a])]));
  // Its front matter.
  write('f-no-front-matter.md', 'just text\n');
  write('g-yaml.md', "---\ntitle: fine\ndate: '2024-01-01'\n  slug: badly-indented\n---\nbody\n");
  write('h-aliases.md', `---\n${['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, i) => `${'bcdefg'[i]}: &${'bcdefg'[i]} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n')}\ntitle: bomb\n---\n`);
  // Its fields.
  write('i-no-title.md', recordText({ title: null, slug: 'no-title', link: link(9) }));
  write('j-bad-date.md', recordText({ date: "'2024-13-01'", slug: 'bad-date', link: link(10) }));
  write('k-reserved.md', recordText({ slug: 'reserved', link: link(11), breadcrumbLinks: '\n  - /\n  - /editor/secret' }));
  // Its body.
  write('l-costly.md', recordText({ slug: 'costly', link: link(12) }, `${'*'.repeat(300)}a${'*'.repeat(300)}`));
  // Among the others.
  write('m-same-slug.md', recordText({ slug: 'good', link: link(13) }));
  write('n-same-alias.md', recordText({ slug: 'other', link: link(14), aliases: '\n  - /news/old-good' }));
  write('o-alias-is-section.md', recordText({ slug: 'sectioned', link: link(15), breadcrumbLinks: '\n  - /\n  - /communities/old-good-place', breadcrumbs: '\n  - Home\n  - Old Good Place' }));
  write('p-takes-section.md', recordText({ slug: 'taker', link: link(16), aliases: '\n  - /communities/old-good-place' }));
  // What an editor should fix, though the record publishes.
  const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  write('q-warnings.md', recordText({ slug: 'warned', description: null, date: `'${future}'`, link: link(1), status: 'someday', categories: "\n  - 'telemedicine'", featuredImage: '\n  href: missing.png\n  alt: gone' }));
  write('r-social.md', recordText({ slug: 'social', link: link(18), openGraphMetaData: '\n  ogimage: not-a-url' }));
  write('s-section-a.md', recordText({ slug: 'section-a', link: link(19), breadcrumbLinks: '\n  - /\n  - /communities/place', breadcrumbs: '\n  - Home\n  - The Place' }));
  write('t-section-b.md', recordText({ slug: 'section-b', link: link(20), breadcrumbLinks: '\n  - /\n  - /communities/place', breadcrumbs: '\n  - Home\n  - The Place' }));
  write('u-section-c.md', recordText({ slug: 'section-c', link: link(21), breadcrumbLinks: '\n  - /\n  - /communities/place', breadcrumbs: '\n  - Home\n  - Another Name' }));
  write(
    'v-offering.md',
    "---\ntitle: A Product\nlayOut: offering-single\nofferingId: 42\nvendorName: Maker\nshortDescription: What it does.\nwebsiteUrl: https://maker.example/\nslug: a-product\n---\nIt does things.\n",
  );
  // The taxonomy.
  write(
    'taxonomy.jsonl',
    [
      '{"name": "HIMSS: Digital Health"}',
      'not json',
      '{"name": "HIMSS: Digital Health"}',
      '{"name": "HIMSS: Orphan", "parent": "HIMSS: Nowhere"}',
    ].join('\n'),
  );
  return {
    dir,
    codes: [
      'unreadable-file', 'symbolic-link', 'file-too-large', 'not-utf8', 'front-matter', 'yaml-syntax', 'front-matter-too-large', 'missing-field', 'invalid-field',
      'reserved-address', 'body-too-costly', 'slug-taken', 'alias-taken', 'address-conflict', 'taxonomy-line', 'taxonomy-duplicate', 'taxonomy-parent',
      'no-description', 'future-date', 'curated-twice', 'bare-topic', 'unknown-status', 'not-a-web-address', 'image-missing', 'section-label', 'no-logo',
    ],
  };
}

describe('one report for check and ingest', () => {
  const corpus = everyProblem();

  it('gives every code of the corpus, each diagnostic with its severity, file and message', () => {
    const check = run('check', corpus.dir, ['--json']);
    const lines = jsonLines(check.stdout);
    const found = new Set(lines.filter((l) => l.type === 'diagnostic').map((l) => l.code));
    expect([...found].sort()).toEqual([...corpus.codes].sort());
    for (const l of lines.filter((x) => x.type === 'diagnostic')) {
      expect(DIAGNOSTIC_CODES[l.code as keyof typeof DIAGNOSTIC_CODES].severity, l.code).toBe(l.severity);
      expect(l.file, l.code).toMatch(/\S/);
      expect(l.message, l.code).toMatch(/\S/);
    }
    expect(lines.at(-1)).toMatchObject({ type: 'summary', command: 'check', exitCode: 1 });
    expect(check.status).toBe(1);
  });

  for (const [name, dir] of [
    ['a corpus with every kind of problem', corpus.dir],
    ["Medigy's variants", VARIANTS_DIR],
  ] as const) {
    it(`prints the same JSON lines from check and ingest, on ${name}`, () => {
      const check = jsonLines(run('check', dir, ['--json']).stdout);
      const refused = run('ingest', dir, ['--json']);
      const ingest = jsonLines(refused.stdout);
      expect(diagnosticLines(ingest)).toEqual(diagnosticLines(check));
      const [checkSummary, ingestSummary] = [check.at(-1)!, ingest.at(-1)!];
      for (const field of ['errors', 'warnings', 'codes'] as const) expect(ingestSummary[field], field).toEqual(checkSummary[field]);
      // Refused without --skip-invalid when a record has an error, as check fails; published with it.
      const errors = checkSummary.errors as number;
      expect(refused.status).toBe(errors ? 1 : 0);
      expect(run('ingest', dir, ['--json', '--skip-invalid']).status).toBe(0);
    }, 120_000);
  }

  it('sums up with one line per code, errors first', () => {
    const check = run('check', corpus.dir, []);
    const ingest = run('ingest', corpus.dir, []);
    for (const out of [check.stderr, ingest.stderr]) {
      const summary = out.split('\n').filter((l) => /^(errors|warnings): \d+ records?: /.test(l));
      const codes = summary.map((l) => /: ([a-z0-9-]+): /.exec(l)![1]);
      expect(codes.sort()).toEqual([...corpus.codes].sort());
      expect(new Set(codes).size).toBe(codes.length);
      const firstWarning = summary.findIndex((l) => l.startsWith('warnings'));
      expect(summary.slice(firstWarning).every((l) => l.startsWith('warnings'))).toBe(true);
      // Each diagnostic's line ends with its code.
      expect(out).toMatch(/^error: .*slug: "good" is already the slug of .*a-good\.md; each record needs its own slug \[slug-taken\]$/m);
    }
  }, 120_000);

  it('fails a check with --strict on warnings alone, and not without', () => {
    const dir = tempDir('strict');
    fs.writeFileSync(path.join(dir, 'a.md'), recordText({ description: null }));
    expect(run('check', dir, []).status).toBe(0);
    expect(run('check', dir, ['--strict']).status).toBe(1);
    const lines = jsonLines(run('check', dir, ['--json', '--strict']).stdout);
    expect(lines.map((l) => l.type)).toEqual(['diagnostic', 'summary']);
    expect(lines[1]).toMatchObject({ errors: 0, warnings: 1, codes: { 'no-description': 1 }, exitCode: 1 });
  });

  it('ends with its own exit code when its reader stops reading (| head), for check and ingest, JSON or not', async () => {
    // A warning on every record, each naming its file (long names): ~0.4 MB of report, far
    // more than a pipe holds (64 KiB), from a thousand records.
    const dir = tempDir('closed-reader');
    writeSyntheticCorpus(dir, { count: 1000 });
    for (const name of fs.readdirSync(dir)) fs.renameSync(path.join(dir, name), path.join(dir, `${'a-long-file-name-'.repeat(10)}${name}`));
    for (const [script, args] of [['check', ['--json']], ['check', []], ['ingest', ['--json']], ['ingest', []]] as const) {
      const db = path.join(tempDir('closed-reader-store'), 'site.db');
      const child = spawnCommand(script, [...args], { env: { ...process.env, CONTENT_DIR: dir, DATABASE_URL: `file:${db}` }, stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader takes the first chunk of the stream the report goes to, then leaves.
      const report = args.length ? child.stdout! : child.stderr!;
      const other = args.length ? child.stderr! : child.stdout!;
      let otherText = '';
      other.on('data', (d: Buffer) => (otherText += d.toString()));
      const first = await new Promise<string>((resolve) => report.once('data', (d: Buffer) => resolve(d.toString())));
      report.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(first, `${script} ${args.join(' ')}`).toMatch(args.length ? /^\{"type":"diagnostic"/ : /^warning: /);
      // Warnings only: success, as when the whole report is read.
      expect(code, `${script} ${args.join(' ')}: ${otherText.slice(0, 2000)}`).toBe(0);
      expect(otherText).not.toMatch(/EPIPE|Unhandled 'error'/);
    }
  }, 120_000);
});
