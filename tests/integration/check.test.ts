import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkKey } from '../../lib/content/link';
import { checkContent } from '../../lib/curation/check';
import { runCommand } from '../support/cli';
import { ROOT, SHARED, recordText, tempDir } from '../support/helpers';

function contentWith(files: Record<string, string>): string {
  const dir = tempDir('check');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function runCheck(dir: string, ...args: string[]) {
  const r = runCommand('check', ['--content', dir, ...args]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('linkKey: one article, however its URL was copied', () => {
  it('ignores scheme, www., trailing slash, fragment and tracking parameters', () => {
    const key = linkKey('https://www.who.int/news/item/x/?utm_source=twitter&utm_medium=social#top');
    expect(key).toBe('who.int/news/item/x');
    expect(linkKey('http://who.int/news/item/x')).toBe(key);
    expect(linkKey('https://who.int/news/item/x?fbclid=abc')).toBe(key);
  });

  it('keeps parameters that select the content, in a stable order', () => {
    expect(linkKey('https://example.org/article?id=7&page=2')).toBe(linkKey('https://example.org/article?page=2&id=7'));
    expect(linkKey('https://example.org/article?id=7')).not.toBe(linkKey('https://example.org/article?id=8'));
  });
});

describe('npm run check', () => {
  it('warns about what an editor should fix, without failing', async () => {
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const dir = contentWith({
      'a.md': recordText({ slug: 'a', link: '\n  brand: who.int\n  href: https://www.who.int/news/item/x/' }),
      'b.md': recordText({ slug: 'b', link: '\n  brand: who.int\n  href: "http://who.int/news/item/x?utm_source=newsletter"' }),
      'c.md': recordText({ slug: 'c', description: null, link: '\n  brand: example.org\n  href: https://example.org/c' }),
      'd.md': recordText({ slug: 'd', date: `'${future}'`, link: '\n  brand: example.org\n  href: https://example.org/d' }),
      'e.md': recordText({ slug: 'e', featuredImage: '\n  href: e-featuredImage.png', link: '\n  brand: example.org\n  href: https://example.org/e' }),
      'f.md': recordText({ slug: 'f', categories: "\n  - 'Healthcare IT News: Digital Helth'", link: '\n  brand: example.org\n  href: https://example.org/f' }),
    });
    const taxonomy = new Set(['Healthcare IT News: Digital Health']);
    const report = await checkContent(dir, { knownTopics: taxonomy });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => [w.file, w.field])).toEqual([
      ['b.md', 'link.href'],
      ['c.md', 'description'],
      ['d.md', 'date'],
      ['e.md', 'featuredImage.href'],
      ['f.md', 'categories[0]'],
    ]);
    expect(report.warnings[0]!.message).toBe('a.md already curates this article (http://who.int/news/item/x?utm_source=newsletter)');
    expect(report.warnings[3]!.message).toMatch(/the image "e-featuredImage.png" is not in the content folder/);

    const cli = runCheck(dir);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('check: 6 records, 0 errors, 4 warnings');
    expect(cli.stderr).toContain('warning: ');
    expect(runCheck(dir, '--strict').status).toBe(1);
  });

  it('fails on what the ingest would refuse, reporting file:line and field paths, and writes nothing', () => {
    const dir = contentWith({
      'a-good.md': recordText({ slug: 'good' }),
      'broken.md': "---\ntitle: x\n  slug: y\n---\n",
      'z-dup.md': recordText({ slug: 'good', link: '\n  brand: example.org\n  href: https://example.org/another' }),
    });
    const before = fs.readdirSync(dir).sort();
    const cli = runCheck(dir);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/error: .*broken\.md:3: the YAML is not valid/);
    expect(cli.stderr).toMatch(/error: .*z-dup\.md: slug: "good" is already the slug of a-good\.md/);
    expect(cli.stdout).toContain('3 records, 2 errors');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('checks topics against Medigy\'s taxonomy', () => {
    const dir = contentWith({ 'a.md': recordText({ slug: 'a', categories: "\n  - 'Healthcare IT News: Digital Health'\n  - 'Symplur: Not A Real Topic'" }) });
    const cli = runCheck(dir, '--taxonomy', path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl'));
    expect(cli.status).toBe(0);
    expect(cli.stderr).toContain('categories[1]: "Symplur: Not A Real Topic" is not a topic of the taxonomy');
    expect(cli.stderr).not.toContain('categories[0]');
  });

  it('passes on the bundled content', () => {
    const cli = runCheck(path.join(ROOT, 'content'), '--taxonomy', path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl'));
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('0 errors');
  });
});
