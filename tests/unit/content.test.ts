import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRecord, parseRecordDate } from '../../lib/content/normalize';
import { parseRecord } from '../../lib/content/parse';
import { formatProblem } from '../../lib/content/problems';
import { readRecord, type RecordResult } from '../../lib/content/record';
import { renderBody, renderRecordBody } from '../../lib/content/render';
import { SAMPLE_DIR, SEED_FILE, VARIANTS_DIR, recordText } from '../support/helpers';

function ok(result: RecordResult) {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.record;
}
function problems(result: RecordResult) {
  if (result.ok) throw new Error('expected the record to be rejected');
  return result.problems;
}
const sample = (name: string) => readRecord(name, fs.readFileSync(path.join(SAMPLE_DIR, name), 'utf8'));

describe('the seed record', () => {
  const record = ok(readRecord('seed.md', fs.readFileSync(SEED_FILE, 'utf8')));

  it('reads every field the pages use', () => {
    expect(record.title).toBe('Health system resilience depends on digital tools');
    expect(record.slug).toBe('healthcareitnews-health-system-resilience-depends-on-digital-tools');
    expect(record.recordId).toBe(16863);
    expect(record.date.toISOString()).toBe('2023-02-02T00:00:00.000Z');
    expect(record.lastMod?.toISOString()).toBe('2023-02-02T09:10:39.416Z');
    expect(record.authors).toEqual(['Athira Ravi']);
    expect(record.description).toMatch(/^The World Health Organization's Digital Health and Innovation Department works/);
    expect(record.link).toEqual({
      brand: 'healthcareitnews.com',
      href: 'https://www.healthcareitnews.com/video/emea/health-system-resilience-depends-digital-tools',
      original: 'https://www.healthcareitnews.com/video/emea/health-system-resilience-depends-digital-tools',
    });
    expect(record.topics.map((t) => [t.collection, t.label, t.slug])).toEqual([
      ['Symplur', 'Healthcare System', 'symplur-healthcare-system'],
      ['Healthcare IT News', 'Digital Health', 'healthcare-it-news-digital-health'],
    ]);
    expect(record.tags).toEqual(['News']);
    expect(record.aliases).toEqual(['/news/health-system-resilience-depends-on-digital-tools']);
    expect(record.breadcrumbs).toEqual([
      { label: 'Home', href: '/' },
      { label: 'News', href: '/news' },
      { label: 'Health system resilience depends on digital tools', href: null },
    ]);
    expect(record.featuredImage).toEqual({ href: '8e81e3ad-8686-53b4-9604-07f2bb01e70e-featuredImage.jpeg', alt: 'Health system resilience depends on digital tools', width: 300, height: 590 });
    expect(record.socialMeta.ogtitle).toBe('Health system resilience depends on digital tools');
    expect(record.socialMeta.twittertitle).toBe('Health system resilience depends on digital tools');
    expect(record.status).toBe('published');
  });

  it('reads its five related offerings with their topics', () => {
    expect(record.offerings.map((o) => [o.label, o.slug, o.offeringId])).toEqual([
      ['m.Doc Smart Clinic', 'm-doc-smart-clinic', 17554],
      ['Luscii Platform', 'luscii-platform', 17551],
      ['BPAUS Platform', 'bpaus-platform', 17521],
      ['Kaia Health Platform', 'kaia-health-platform', 17497],
      ["DynamiCare's Digital Recovery Platform", 'dynamicares-digital-recovery-platform', 17465],
    ]);
    expect(record.offerings[0]!.topics.map((t) => t.slug)).toEqual(['healthcare-it-news-remote-patient-monitoring', 'healthcare-it-news-digital-health']);
  });

  it('renders its HTML body', () => {
    expect(record.bodyHtml).toBe(
      "<p>The World Health Organization's Digital Health and Innovation Department works with member states to help show where they should be investing in technology to strengthen their health systems. Professor Alain Labrique, director of the department, explains.</p>",
    );
  });
});

describe('the Medigy sample records', () => {
  const names = fs.readdirSync(SAMPLE_DIR).filter((n) => n.endsWith('.md'));

  it('all twenty load', () => {
    expect(names).toHaveLength(20);
    for (const name of names) ok(sample(name));
  });

  it('reads medigyTopics-era records with date-times and a title cut across lines', () => {
    const r = ok(sample('00c8a27d-91ce-58f5-afbb-874ea6208e3b.md'));
    expect(r.title).toBe('Humanity and the Benefits of Artificial Intelligence Discover the Digital Healthcare Technology Trends, Products and Health IT News');
    expect(r.date.toISOString()).toBe('2019-09-20T10:06:04.695Z');
    expect(r.topics.map((t) => t.name)).toEqual(['Healthcare IT News: Artificial Intelligence', 'HIMSS: Digital Health', 'Symplur: Health IT']);
    expect(r.tags).toEqual(['news']);
    expect(r.authors).toEqual(['Pittosh Poulose']);
    expect(r.link?.brand).toBe('brief.health');
  });

  it('keeps records with no topic, and merges metadata given as a list', () => {
    const r = ok(sample('1af6ce53-12a3-581a-aa25-c7d4593a816d.md'));
    expect(r.topics).toEqual([]);
    expect(r.socialMeta.ogimage).toBe('https://econsultancy.imgix.net/content/uploads/2019/09/04124332/SEO3.png');
    expect(r.slug).toBe('econsultancy-how-one-company-s-rebrand-and-domain-name-change-led-to-seo-disaster');
  });

  it('turns unquoted, target=_blank links into safe outbound links', () => {
    const text = fs.readFileSync(path.join(SAMPLE_DIR, '1af6ce53-12a3-581a-aa25-c7d4593a816d.md'), 'utf8');
    const html = renderBody(text.slice(text.indexOf('\n---', 3) + 4));
    expect(html).toContain(
      '<a href="https://econsultancy.com/how-one-companys-rebrand-and-domain-name-change-led-to-seo-disaster/" rel="nofollow ugc noopener noreferrer">Read on econsultancy.com</a>',
    );
    expect(html).not.toContain('target');
    // On the record's page that closing call is the page's own to make (below).
    expect(ok(sample('1af6ce53-12a3-581a-aa25-c7d4593a816d.md')).bodyHtml).not.toContain('Read on econsultancy.com');
  });

  it('treats an image Medigy failed to download as no image', () => {
    const r = ok(sample('0d275935-1810-5c00-ad83-c72a1e42a49d.md'));
    expect(r.featuredImage).toBeNull();
    expect(r.topics.map((t) => t.slug)).toEqual(['healthcare-it-news-blockchain', 'klas-healthcare-business-intelligence-analytics']);
  });
});

describe('normalize: the other variants of real records', () => {
  it('reads the date with or without a time and zone, and refuses impossible dates', () => {
    expect(parseRecordDate('2023-02-02')?.toISOString()).toBe('2023-02-02T00:00:00.000Z');
    expect(parseRecordDate('2023-02-02T09:10:39.415850Z')?.toISOString()).toBe('2023-02-02T09:10:39.416Z');
    expect(parseRecordDate('2023-02-02T09:10:39+02:00')?.toISOString()).toBe('2023-02-02T07:10:39.000Z');
    expect(parseRecordDate('2023-02-30')).toBeNull();
    expect(parseRecordDate('yesterday')).toBeNull();
  });

  it('takes topics from communityTopics when categories is empty, and un-escapes -hash-', () => {
    const r = ok(readRecord('x.md', recordText({ categories: '[]', communityTopics: "\n  - 'Symplur: -hash-COVID19'" })));
    expect(r.topics).toEqual([{ name: 'Symplur: #COVID19', collection: 'Symplur', label: '#COVID19', slug: 'symplur-hash-covid19' }]);
  });

  it('reads medigyTopics given as a JSON string', () => {
    const n = normalizeRecord({ categories: [], openProjectCustomFields: { medigyTopics: '["HIMSS: Digital Health","Symplur: Health IT"]' } });
    expect(n.categories).toEqual(['HIMSS: Digital Health', 'Symplur: Health IT']);
  });

  it('trims titles ending in newlines and turns [null] metadata into nothing', () => {
    const r = ok(readRecord('x.md', recordText({ title: '"Title with a newline\\n\\n"', openGraphMetaData: '\n  ogtitle: [null]\n  ogdescription: Fine', twitterMetaData: '[null]' })));
    expect(r.title).toBe('Title with a newline');
    expect(r.socialMeta).toEqual({ ogdescription: 'Fine' });
  });

  it('accepts a single author as text and builds a missing slug from the source and title', () => {
    const r = ok(readRecord('x.md', recordText({ author: 'Jane Doe', slug: null, link: '\n  brand: www.healthcareitnews.com\n  href: https://www.healthcareitnews.com/x' })));
    expect(r.authors).toEqual(['Jane Doe']);
    expect(r.slug).toBe('healthcareitnews-a-curated-item');
  });

  it('accepts the link as a plain address', () => {
    const r = ok(readRecord('x.md', recordText({ link: 'https://www.mobihealthnews.com/news/x' })));
    expect(r.link).toEqual({ brand: 'mobihealthnews.com', href: 'https://www.mobihealthnews.com/news/x', original: null });
  });

  it('says what to do when the link is missing', () => {
    expect(problems(readRecord('x.md', recordText({ link: null })))).toContainEqual({
      severity: 'error',
      code: 'missing-field',
      file: 'x.md',
      field: 'link',
      message:
        'the record needs a link: the address of the article being curated (link.href); none was found in link.href, link.original, htmlMetaData ogurl, openGraphMetaData ogurl, openProjectCustomFields sourceUrl, and a closing "Read on …" link in the body. The site\'s own writing needs none: give it "archetype: post"',
    });
  });

  it('reads the publisher from the link when link.brand is missing', () => {
    const r = ok(readRecord('x.md', recordText({ link: '\n  href: https://www.who.int/news/item/1' })));
    expect(r.link?.brand).toBe('who.int');
  });
});

describe('render: bodies are sanitized', () => {
  it('removes scripts, event handlers, frames, styles and javascript:/data: URLs', () => {
    const html = renderBody(
      '<p onclick="steal()">Hi<script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">a</a>' +
        '<a href="data:text/html;base64,PHNjcmlwdD4=">b</a><iframe src="https://evil.example"></iframe><style>body{}</style></p>',
    );
    expect(html).not.toMatch(/script|onclick|onerror|javascript:|data:|iframe|style/i);
    expect(html).toContain('Hi');
  });

  it('renders Markdown, including its raw HTML, through the same sanitizer', () => {
    const html = renderBody('Some **bold** text and [a link](https://who.int).\n\n<div onmouseover="x()">raw <b>html</b></div>\n\n[bad](javascript:alert(1))');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://who.int" rel="nofollow ugc noopener noreferrer">a link</a>');
    expect(html).toContain('<b>html</b>');
    expect(html).not.toMatch(/onmouseover|javascript:/);
  });
});

describe("render: the body's closing call to the original is made once, by the page", () => {
  const ARTICLE = 'https://www.who.int/news/item/1';
  const text = 'Countries are investing in digital health.';
  // [body, whether its closing call goes]: the call in each form Medigy's bodies and Markdown give it.
  const bodies: [string, boolean][] = [
    [`<p>${text}</p><p><a href="https://www.who.int/news/item/1">Read on who.int</a></p>`, true],
    [`<p>${text}</p><p><a target="_blank" href=https://who.int/other>Read on who.int</a></p>`, true],
    [`<p>${text}</p>\n<p>\n  <a href="https://www.who.int/x">Watch on YouTube</a>\n</p>\n`, true],
    [`<p>${text}</p><p><a href="https://www.who.int/x">Listen on</a></p>`, true],
    [`<p>${text}</p><div><a href="https://www.who.int/x">View it at WHO</a></div>`, true],
    [`${text}<br><br><a href="https://www.who.int/x">Read on who.int</a>`, true],
    [`<p>${text}<br><br><a href="https://www.who.int/x">Read on who.int</a></p>`, true],
    [`${text}\n\n[Read on who.int](https://www.who.int/news/item/1)`, true],
    // A call to another host, a link inside the text, a link that is not a call, a call before the end: kept.
    [`<p>${text}</p><p><a href="https://www.cdc.gov/x">Read on cdc.gov</a></p>`, false],
    [`<p>${text} <a href="https://www.who.int/x">Read on who.int</a> for the figures.</p>`, false],
    [`<p>${text}</p><p><a href="https://www.who.int/x">The report</a></p>`, false],
    [`<p><a href="https://www.who.int/x">Read on who.int</a></p><p>${text}</p>`, false],
  ];
  it.each(bodies)('%s', (body, goes) => {
    const words = /\[([^\]]+)\]|>([^<]+)<\/a>/.exec(body)!.slice(1).find(Boolean)!;
    const html = renderRecordBody(body, undefined, 'who.int').html;
    expect(html).toContain(text);
    expect(html.includes(`>${words}</a>`), html).toBe(!goes);
    if (goes) expect(html).not.toMatch(/<p>\s*<\/p>|<div>\s*<\/div>|<br>\s*$/);
    // Without an article (the site's own writing), nothing goes.
    expect(renderRecordBody(body).html).toContain(`>${words}</a>`);
  });

  it('takes the line breaks before a closing call with it, however many (50,000), and nothing else', () => {
    const html = renderRecordBody(`<p>${text}</p>${'<br>'.repeat(50_000)}<a href="https://www.who.int/x">Read on who.int</a>`, undefined, 'who.int').html;
    expect(html).toBe(`<p>${text}</p>`);
  });

  it("leaves Medigy's video record with its text and without its \"Listen on youtube.com\" (the page says \"Watch on youtube.com\")", () => {
    const file = path.join(VARIANTS_DIR, 'video', 'bd829fc3-9ef0-5387-acda-2d7399425dc6.md');
    const r = ok(readRecord('video.md', fs.readFileSync(file, 'utf8')));
    expect(fs.readFileSync(file, 'utf8')).toContain('Listen on youtube.com');
    expect(r.bodyHtml).toContain('This video outlines Zoeticx thought leadership');
    expect(r.bodyHtml).not.toContain('Listen on');
  });
});

describe('parse: front matter with no fields', () => {
  // As gray-matter reads them: nothing, blank lines, only comments, or only null.
  const forms = ['', '\n', '  \n\n', '# a note\n# another', '  # indented\n', '\t', '~', 'null', '# a note\n~'];
  for (const yaml of forms) {
    it(`reads ${JSON.stringify(yaml)} as no fields, the body kept`, () => {
      const result = parseRecord('empty.md', `---\n${yaml}\n---\nThe body`);
      expect(result).toEqual({ ok: true, value: { data: {}, body: 'The body' } });
    });
  }
  it('reads a comment before a field as that field', () => {
    expect(parseRecord('one.md', '---\n# a note\ntitle: One\n---\n')).toEqual({ ok: true, value: { data: { title: 'One' }, body: '' } });
  });
});

describe('bad records: every problem names the file, the field and what to do', () => {
  it('reports a YAML syntax error with its line', () => {
    const text = "---\ntitle: fine\ndate: '2024-01-01'\n  slug: badly-indented\ncategories: []\n---\nbody";
    expect(problems(readRecord('bad.md', text))).toEqual([
      { severity: 'error', code: 'yaml-syntax', file: 'bad.md', line: 4, message: 'the YAML is not valid: bad indentation of a mapping entry. Check indentation and quoting on this line' },
    ]);
    const duplicate = problems(readRecord('dup.md', '---\ntitle: a\ntitle: b\n---\n'));
    expect(duplicate[0]).toMatchObject({ line: 3, message: expect.stringMatching(/duplicated mapping key/) });
  });

  it('reports a missing title', () => {
    const found = problems(readRecord('x.md', recordText({ title: null })));
    expect(found).toContainEqual({ severity: 'error', code: 'missing-field', file: 'x.md', field: 'title', message: 'the title is missing' });
  });

  it('refuses javascript: links with the field path', () => {
    const found = problems(readRecord('x.md', recordText({ link: '\n  brand: evil.example\n  href: "javascript:alert(1)"' })));
    expect(found.map((p) => p.field)).toContain('link.href');
    expect(found.find((p) => p.field === 'link.href')!.message).toMatch(/must be a web address starting with https:\/\//);
  });

  it('names the exact offering whose permalink is wrong', () => {
    const offerings = "\n  - label: Good\n    permalink: /offering/good\n  - label: Bad\n    permalink: 'https://elsewhere.example/x'";
    const found = problems(readRecord('x.md', recordText({ relatedOfferings: offerings })));
    expect(found.map((p) => p.field)).toEqual(['relatedOfferings[1].permalink']);
  });

  it('reports every problem of a record at once', () => {
    // (A category without a collection is a topic of its own: Medigy's older records have them.)
    const found = problems(readRecord('x.md', recordText({ title: null, date: "'someday'", categories: '\n  - 42' })));
    expect(found.map((p) => p.field).sort()).toEqual(['categories[0]', 'date', 'title']);
    expect(found.find((p) => p.field === 'date')!.message).toBe('"someday" is not a date; write it as 2023-02-02 or 2023-02-02T09:10:39Z');
  });

  it('refuses unsafe slugs, image paths and aliases', () => {
    const found = problems(
      readRecord('x.md', recordText({ slug: '../../etc/passwd', featuredImage: '\n  href: ../secret.png', aliases: '\n  - //evil.example/x' })),
    );
    expect(found.map((p) => p.field).sort()).toEqual(['aliases[0]', 'featuredImage.href', 'slug']);
  });

  it('never runs front matter written in JavaScript', () => {
    const g = globalThis as { pwned?: boolean };
    const found = problems(readRecord('x.md', '---js\n{ title: (globalThis.pwned = true, "x") }\n---\nbody'));
    expect(g.pwned).toBeUndefined();
    expect(found[0]!.message).toMatch(/must be exactly "---"/);
  });

  it('stops on YAML alias bombs instead of expanding them', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = parseRecord('bomb.md', `---\n${bomb.join('\n')}\n---\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toMatch(/expands to too much data/);
  });

  it('refuses files without front matter', () => {
    expect(problems(readRecord('notes.md', '# Just notes\n'))[0]!.message).toMatch(/does not start with front matter/);
    expect(problems(readRecord('open.md', '---\ntitle: x\n'))[0]!.message).toMatch(/never closed/);
  });
});
