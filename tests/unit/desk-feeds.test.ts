import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../lib/config/env';
import { parseFeedDate } from '../../lib/desk/dates';
import { decodeFeed } from '../../lib/desk/decode';
import { feedEntries, type FeedEntry } from '../../lib/desk/entries';
import { MAX_ITEMS, parseFeedText } from '../../lib/desk/parse';
import { parseSubscriptions, subscriptionsOpml } from '../../lib/desk/subscriptions';
import { ROOT } from '../support/helpers';

/**
 * Reading feeds like a good reader: every format and its real-world shapes (fixtures in
 * tests/fixtures/feeds/, written after feeds publishers send), encodings, dates, and
 * hostile documents, which are refused with a reason or come out inert.
 */
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'feeds');
const NOW = Date.parse('2025-01-01T00:00:00Z');

async function read(file: string, feedUrl = 'https://feeds.example.org/path/feed.xml'): Promise<{ entries: FeedEntry[]; skipped: { title: string | null; reason: string }[]; format: string; repaired?: string }> {
  const decoded = decodeFeed(fs.readFileSync(path.join(FIXTURES, file)));
  const parsed = parseFeedText(decoded.text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { ...(await feedEntries(parsed.feed, feedUrl, NOW)), format: parsed.feed.format, repaired: decoded.repaired };
}

async function readText(text: string, feedUrl = 'https://feeds.example.org/feed.xml') {
  const parsed = parseFeedText(text);
  if (!parsed.ok) return { ok: false as const, reason: parsed.reason };
  return { ok: true as const, ...(await feedEntries(parsed.feed, feedUrl, NOW)) };
}

describe('feed formats', async () => {
  it('reads a WordPress RSS 2.0 feed: content:encoded, media and enclosure images, a feed proxy link, tracking parameters', async () => {
    const { entries, format } = await read('wordpress-rss2.xml');
    expect(format).toBe('rss');
    expect(entries.map((e) => e.title)).toEqual(['Doctors Need a Webspace to Call Home', 'Communication and the Law of Constraint', 'Anti-vaccine Attack on TikTok – Is Facebook Complicit?']);
    const [webspace, constraint, tiktok] = entries as [FeedEntry, FeedEntry, FeedEntry];
    // utm_ parameters and the #more fragment gone, as curate cleans links.
    expect(webspace.link).toBe('https://33charts.example/doctors-need-a-webspace/');
    expect(tiktok.link).toBe('https://33charts.example/anti-vaccine-attack-tiktok/');
    // The proxy's address gives way to feedburner:origLink; it stays an alternate key.
    expect(constraint.link).toBe('https://33charts.example/communication-law-of-constraint/');
    expect(constraint.alternateKeys).toContain('feedproxy.google.com/~r/33charts/~3/abc123');
    expect(webspace.published?.toISOString()).toBe('2020-05-06T18:57:31.000Z');
    expect(webspace.image).toBe('https://33charts.example/wp-content/uploads/2020/05/webspace.jpeg');
    expect(constraint.image).toBe('https://33charts.example/wp-content/uploads/2020/02/constraint.jpeg');
    expect(tiktok.image).toBe('https://33charts.example/wp-content/uploads/2020/01/tiktok.jpg');
    expect(webspace.categories).toEqual(['Social Media', 'Telehealth']);
    expect(webspace.author).toBe('Bryan Vartabedian');
    // The summary is the description (short); the body is the whole content, sanitized.
    expect(webspace.summaryText).toMatch(/^For years I have argued/);
    expect((await webspace.body())).toContain('<p>But in 2020 few doctors maintain sites');
    expect((await webspace.body())).not.toContain('<script');
    expect((await webspace.body())).not.toContain('alert');
  });

  it('reads a plain RSS 2.0 feed: relative links against the feed, permalink guids, markup in titles, dates of every shape', async () => {
    const { entries, skipped } = await read('plain-rss2.xml');
    expect(entries.map((e) => [e.title, e.link, e.published?.toISOString() ?? null])).toEqual([
      ['AMIA wants more specificity from FDA decision support guidance', 'https://feeds.example.org/news-and-publications/amia-in-the-news/amia-wants-more-specificity', '2018-03-23T19:36:11.000Z'],
      ['Machine Learning Complicates FDA Clinical Decision Support Guidance', 'https://www.amia.example/news-and-publications/amia-in-the-news/machine-learning-complicates', '2018-03-24T00:38:03.000Z'],
      ['HHS finalizes interoperability rule', 'https://www.amia.example/news/hhs-interoperability-rule', '2020-03-05T18:00:00.000Z'],
      ['An item whose date is not a date', 'https://www.amia.example/news/undated', null],
    ]);
    expect(entries[0]!.summaryHtml).toBe("AMIA's comments on the FDA's draft <b>guidance</b> on clinical decision support software.");
    expect(skipped).toEqual([{ title: null, reason: 'it has no link' }]);
  });

  it('resolves Atom links against xml:base (the feed\'s and the entry\'s) and reads html, xhtml and text constructs', async () => {
    const { entries, format } = await read('atom-xml-base.xml');
    expect(format).toBe('atom');
    expect(entries.map((e) => [e.title, e.link])).toEqual([
      ['Virtual wards scale up across the NHS & beyond', 'https://www.healthcareit.example/news/2024/virtual-wards-scale-up'],
      ['Remote patient monitoring cuts readmissions', 'https://www.healthcareit.example/news/2024/rpm-readmissions'],
      ['Entry with a link relative to the document', 'https://www.healthcareit.example/relative-entry'],
    ]);
    const [wards, rpm, text] = entries as [FeedEntry, FeedEntry, FeedEntry];
    expect(wards.published?.toISOString()).toBe('2024-05-01T08:10:39.000Z');
    expect(wards.summaryHtml).toContain('href="https://www.healthcareit.example/stats"');
    expect(wards.image).toBe('https://cdn.healthcareit.example/thumbs/wards.jpg');
    expect(rpm.image).toBe('https://www.healthcareit.example/img/rpm.png');
    expect(rpm.published?.toISOString()).toBe('2024-04-30T08:00:00.123Z');
    // Text content is text: its "<script>" is shown, never run.
    expect(text.summaryHtml).toBe('<p>Text content &lt;script&gt; shown as text.</p>');
  });

  it('reads RSS 1.0 (RDF) with dc:date, Atom 0.3, RSS 0.91 in ISO-8859-1 and JSON Feed 1.1', async () => {
    const rdf = await read('rdf-rss10.xml');
    expect(rdf.format).toBe('rdf');
    expect(rdf.entries.map((e) => [e.title, e.link, e.published?.toISOString()])).toEqual([
      ['Wearables and atrial fibrillation screening: a cohort study', 'https://journal.example/article/1', '2024-03-15T12:00:00.000Z'],
      ['Telehealth use after the pandemic', 'https://journal.example/article/2', '2024-03-14T00:00:00.000Z'],
    ]);
    const atom03 = await read('atom03.xml');
    expect(atom03.entries.map((e) => [e.title, e.link, e.published?.toISOString()])).toEqual([['Personal health records, a first look', 'https://oldblog.example/2005/07/phr', '2005-07-31T12:29:29.000Z']]);
    const latin1 = await read('rss091-latin1.xml');
    expect(latin1.entries[0]!.title).toBe('Gesundheitsministerium fördert Telemedizin in München');
    expect(latin1.entries[0]!.summaryText).toBe('Das Ministerium fördert Projekte mit 2 Mio. EUR & mehr – für Ärzte.');
    const json = await read('json-feed.json');
    expect(json.format).toBe('json');
    expect(json.entries.map((e) => [e.title, e.link, e.published?.toISOString(), e.image])).toEqual([
      ['AI scribes reach a third of US clinics', 'https://weekly.example/2024/ai-scribes', '2024-05-03T13:00:00.000Z', 'https://weekly.example/img/scribe-large.jpg'],
      ['A linked story, text only.', 'https://weekly.example/2024/linked', '2024-05-02T08:00:00.000Z', null],
    ]);
    expect(json.entries[1]!.alternateKeys).toEqual(['elsewhere.example/story']);
  });

  it('reads a feed that says UTF-8 but is Windows-1252, with a bare & and HTML entities XML lacks', async () => {
    const { entries, repaired } = await read('mislabeled-cp1252.xml');
    expect(repaired).toMatch(/Windows-1252/);
    expect(entries[0]!.title).toBe('“Smart” hospitals – what CIOs say & why it matters');
    expect(entries[0]!.link).toBe('https://policy.example/smart-hospitals?a=1&b=2');
    expect(entries[0]!.summaryText).toBe('Café owners and clinics agree… mostly.');
  });
});

describe('encodings', async () => {
  const body = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Ærø – “x”</title><link>https://a.example/x</link></item></channel></rss>';
  it.each([
    ['a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]), undefined],
    ['UTF-16LE with its mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]), undefined],
    ['the charset of the HTTP header', Buffer.from(new TextEncoder().encode(body)), 'application/rss+xml; charset=UTF-8'],
  ])('decodes %s', (_name, bytes, type) => {
    const decoded = decodeFeed(bytes, type);
    const parsed = parseFeedText(decoded.text);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.feed.items[0]!.title?.value).toBe('Ærø – “x”');
  });
});

describe('dates', async () => {
  it.each([
    ['Wed, 06 May 2020 18:57:31 +0000', '2020-05-06T18:57:31.000Z'],
    ['Wed, 06 May 2020 18:57:31 GMT', '2020-05-06T18:57:31.000Z'],
    ['06 May 2020 18:57 EDT', '2020-05-06T22:57:00.000Z'],
    ['Wednesday, 6 May 2020 18:57:31 PST', '2020-05-07T02:57:31.000Z'],
    ['Wed, 6 May 20 18:57:31 +0200', '2020-05-06T16:57:31.000Z'],
    ['Wed, 06 May 2020 18:57:31 GMT+2', '2020-05-06T16:57:31.000Z'],
    ['Wed, 06 May 2020 18:57:31', '2020-05-06T18:57:31.000Z'],
    ['Wed, 06 Sept 2020 18:57:31 +0000', '2020-09-06T18:57:31.000Z'],
    ['2020-05-06T18:57:31Z', '2020-05-06T18:57:31.000Z'],
    ['2020-05-06T18:57:31.123456+05:30', '2020-05-06T13:27:31.123Z'],
    ['2020-05-06T18:57:31+0530', '2020-05-06T13:27:31.000Z'],
    ['2020-05-06 18:57:31', '2020-05-06T18:57:31.000Z'],
    ['2020-05-06', '2020-05-06T00:00:00.000Z'],
    ['May 6, 2020 6:57 PM EST', '2020-05-06T23:57:00.000Z'],
    ['  Wed,  06   May 2020   18:57:31   +0000 ', '2020-05-06T18:57:31.000Z'],
  ])('reads %s', (raw, iso) => {
    expect(parseFeedDate(raw, NOW)?.toISOString()).toBe(iso);
  });
  it.each(['', 'yesterday', '2020-02-30', '2020-13-01', 'Wed, 31 Feb 2020 10:00:00 GMT', '2099-01-01T00:00:00Z', '1970-01-01T00:00:00Z', 'Wed, 06 May 2020 18:57:31 XYZ'])('has no date for %j', (raw) => {
    expect(parseFeedDate(raw, NOW)).toBeNull();
  });
});

describe('hostile feeds', async () => {
  const rss = (inner: string, prolog = '') => `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title>${inner}</channel></rss>`;
  it('refuses entity declarations (expansion bombs, external entities) before parsing, within bounded time', async () => {
    const laughs = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    for (const prolog of [`<!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]>`, '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1/evil.dtd"> %p;]>']) {
      const started = performance.now();
      const result = await readText(rss('<item><title>&lol10;&x;</title><link>https://a.example/x</link></item>', prolog));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/declares XML entities/);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    // A plain DOCTYPE (RSS 0.91's) is fine.
    expect((await readText(rss('<item><title>x</title><link>https://a.example/x</link></item>', '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">'))).ok).toBe(true);
  });

  it.each([
    ['<script> in a title', '<title>&lt;script&gt;alert(1)&lt;/script&gt;Real title</title><link>https://a.example/1</link>'],
    ['an event handler in a title', '<title><![CDATA[<img src=x onerror=alert(1)>Real title]]></title><link>https://a.example/2</link>'],
    ['script in the summary', '<title>Real title</title><link>https://a.example/3</link><description><![CDATA[<p onclick="alert(1)">Hi</p><script>alert(2)</script><a href="javascript:alert(3)">x</a><iframe src="https://evil.example"></iframe>]]></description>'],
    ['a javascript: image', '<title>Real title</title><link>https://a.example/4</link><description><![CDATA[<img src="javascript:alert(1)">]]></description>'],
  ])('keeps nothing executable from %s', async (_name, item) => {
    const result = await readText(rss(`<item>${item}</item>`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const e = result.entries[0]!;
    expect(e.title).toMatch(/Real title$/);
    for (const text of [e.title, e.summaryHtml, (await e.body()), e.image ?? '', e.link]) {
      for (const bad of ['<script', 'onerror', 'onclick', 'javascript:', '<iframe']) expect(text.toLowerCase(), `${bad} in ${text}`).not.toContain(bad);
    }
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['a relative javascript: behind spaces', '  JaVaScRiPt:alert(1)'],
  ])('leaves out an item whose link is %s', async (_name, link) => {
    const result = await readText(rss(`<item><title>t</title><link>${link.replace(/</g, '&lt;')}</link></item>`));
    expect(result.ok && result.entries).toEqual([]);
    expect(result.ok && result.skipped[0]!.reason).toMatch(/is not a web address/);
  });

  it(`reads at most ${MAX_ITEMS} items of an endless feed, quickly`, async () => {
    const items = Array.from({ length: 5000 }, (_, i) => `<item><title>Item ${i}</title><link>https://a.example/${i}</link></item>`).join('');
    const started = performance.now();
    const result = await readText(rss(items));
    expect(result.ok && result.entries.length).toBe(MAX_ITEMS);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('says why a document is not a feed: a web page (naming its feed), broken XML, something else', async () => {
    const page = await readText('<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>');
    expect(!page.ok && page.reason).toBe('the address is a web page, not a feed; the page names its feed at /feed.xml');
    const broken = await readText('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.reason).toMatch(/not well-formed|not RSS/);
    for (const junk of ['', '{"not": "a feed"}', '\u0000\u0001\u0002binary']) expect((await readText(junk)).ok).toBe(false);
  });
});

describe('subscriptions (OPML 2.0)', async () => {
  it('reads outlines in folders, default topics and modes, reports what it cannot use, and writes the same back', async () => {
    const { subscriptions, problems } = parseSubscriptions(`<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline type="rss" text="A &amp; B" xmlUrl="https://a.example/feed" htmlUrl="https://a.example" category="HIMSS: Telehealth,KLAS: AI,bare" mode="publish"/>
      <outline text="folder"><outline type="rss" text="B" xmlUrl="https://b.example/feed" retired="2025-01-01"/><outline text="js" xmlUrl="javascript:alert(1)"/></outline>
      <outline type="rss" text="B again" xmlUrl="https://b.example/feed"/><outline type="rss" text="C" xmlUrl="https://c.example/feed" mode="sometimes"/></body></opml>`);
    expect(subscriptions).toEqual([
      { title: 'A & B', xmlUrl: 'https://a.example/feed', htmlUrl: 'https://a.example', topics: ['HIMSS: Telehealth', 'KLAS: AI'], mode: 'publish', retired: null },
      { title: 'B', xmlUrl: 'https://b.example/feed', htmlUrl: null, topics: [], mode: 'review', retired: '2025-01-01' },
      { title: 'C', xmlUrl: 'https://c.example/feed', htmlUrl: null, topics: [], mode: 'review', retired: null },
    ]);
    expect(problems).toHaveLength(4);
    expect(parseSubscriptions(subscriptionsOpml(subscriptions))).toEqual({ subscriptions, problems: [] });
  });
});

describe('the desk\'s configuration', async () => {
  it('keeps desk.db beside the store unless told otherwise, and reads FETCH_ALLOW as host:port pairs', async () => {
    expect(readConfig({ DATABASE_URL: 'file:/srv/data/site.db' }).deskFile).toBe('/srv/data/desk.db');
    expect(readConfig({ DESK_FILE: '/var/lib/desk.db' }).deskFile).toBe('/var/lib/desk.db');
    expect(readConfig({ FETCH_ALLOW: '127.0.0.1:8080, Intranet.Example:443' }).fetchAllow).toEqual(['127.0.0.1:8080', 'intranet.example:443']);
    expect(readConfig({}).fetchAllow).toEqual([]);
    expect(() => readConfig({ FETCH_ALLOW: 'http://127.0.0.1:8080' })).toThrow(ConfigError);
  });
});
