import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readRecordFile, type PreparedOffering, type PreparedRecord } from '../../lib/content/prepare';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, siteContentDir, tempDir, VARIANTS_DIR } from '../support/helpers';
import { visibleContent } from '../support/store-contents';

/** Image variants are made once per content: the tests of this file share them. */
const MEDIA = tempDir('media');

/** Every kind of record Medigy published, read from ../shared/medigy-sample/variants with their real values. */
function news(file: string): PreparedRecord {
  const r = readRecordFile(VARIANTS_DIR, file);
  if (!r.ok || !('record' in r)) throw new Error(`${file}: ${JSON.stringify(r)}`);
  return r.record;
}
function offering(file: string): PreparedOffering {
  const r = readRecordFile(VARIANTS_DIR, file);
  if (!r.ok || !('offering' in r)) throw new Error(`${file}: ${JSON.stringify(r)}`);
  return r.offering;
}

describe("Medigy's record kinds", () => {
  it('older dropmark news: bare categories become topics of their own, the image beside the record is kept', () => {
    const r = news('dropmark/0b57f336-f5db-5231-9fa8-9c0eb2944ae4.md');
    expect(r.slug).toBe('healthcareitnews-ama-raises-questions-about-cdc-s-changes-to-covid-19-testing-guidance');
    expect(r.title).toBe("AMA raises questions about CDC's changes to COVID-19 testing guidance");
    expect(r.topics).toEqual([{ name: 'cdc', collection: 'General', label: 'cdc', slug: 'cdc' }]);
    expect(r.featuredImage).toEqual({ href: 'dropmark/0b57f336-f5db-5231-9fa8-9c0eb2944ae4-fi.jpeg', alt: null, width: 712, height: 400 });
    expect(r.aliases).toEqual(['/news/ama-raises-questions-about-cdc-s-changes-to-covid-19-testing-guidance']);
    expect(r.url).toBe('https://www.healthcareitnews.com/news/ama-raises-questions-about-cdcs-changes-covid-19-testing-guidance');
    expect(r.kind).toBe('article');
  });

  it('community curated content: slugs with a leading hyphen or dots, the address from link.original when href is empty', () => {
    const r = news('community-curated/7502cab1-aa71-5ad6-ae91-0f4d2971d2fd.md');
    expect(r.slug).toBe('-chronic-care-management-american-academy-of-family-physicians');
    expect(r.url).toBe('https://www.aafp.org/practice-management/payment/coding/medicare-coordination-services/chronic-care.html');
    expect(r.brand).toBe('aafp.org');
    expect(r.topics.map((t) => t.name)).toEqual(['Medigy: Barriers & Guidelines', 'Medigy: Coding / Billing And Claims']);
    expect(news('community-curated/7758e29b-5252-57d1-a927-df01ef959c5a.md').slug).toMatch(/^himsstv\.brightcovegallery-patient-engagement-strategies-/);
    // An address written with a space in front.
    expect(news('community-curated/bbe3c647-7334-5231-98a9-c623538094e2.md').url).toBe(
      'https://www.beckershospitalreview.com/healthcare-information-technology/3-hospitals-that-have-seen-positive-results-from-tele-icu-programs.html',
    );
  });

  it('curated news with an empty link: the address from the page metadata, or the body\'s closing "Read on" link', () => {
    const guardian = news('curated-news/2660e0d5-3f68-5e0c-9e19-35964b8fce91.md');
    expect(guardian.url).toBe('http://www.theguardian.com/world/2020/mar/18/coronavirus-symptoms-what-are-they-doctor-covid-19');
    expect(guardian.brand).toBe('theguardian.com');
    expect(guardian.featuredImage).toMatchObject({ href: 'curated-news/2660e0d5-3f68-5e0c-9e19-35964b8fce91-featuredImage.jpeg', width: 1200, height: 630 });
    expect(JSON.parse(guardian.socialMetaJson).ogimage).toMatch(/^https:\/\/i\.guim\.co\.uk\//);
    // The raw HTML with unquoted attributes is a link, not text: the closing call to the
    // article, which the page makes itself ("Read the original on theguardian.com").
    expect(guardian.bodyHtml).not.toMatch(/Read on|&lt;a|href=/);
    expect(guardian.bodyHtml).toMatch(/regardless of whether they have travelled abroad\.<\/p>$/);
    // No metadata at all: the body's "Read on" link.
    const jmir = news('curated-news/90b98eff-f8c1-5074-a904-4ae586670e26.md');
    expect(jmir.url).toBe('https://www.jmir.org/2020/4/e18790/');
    expect(jmir.brand).toBe('jmir.org');
  });

  it('videos: kind video, YouTube links, aliases under /videos/', () => {
    const r = news('video/bd829fc3-9ef0-5387-acda-2d7399425dc6.md');
    expect(r).toMatchObject({ kind: 'video', slug: 'youtube-zoeticx-provizion-ccm', url: 'https://www.youtube.com/watch?v=d8Lavp9_L_E&feature=youtu.be', brand: 'youtube.com' });
    expect(r.aliases).toEqual(['/videos/zoeticx-provizion-ccm']);
  });

  it('feed items: their feed (name, site, address, icon), pubDate and dates with offsets', () => {
    const r = news('feeds/33-charts/33charts.com-communication-and-the-law-of-constraint.md');
    expect(r).toMatchObject({ kind: 'feed', slug: '33charts.com-communication-and-the-law-of-constraint', url: 'https://33charts.com/communication-law-of-constraint/', brand: '33charts.com' });
    expect(r.feed).toEqual({
      title: '33 Charts',
      siteUrl: 'https://33charts.com',
      feedUrl: 'https://33charts.com/blog/feed/',
      icon: { href: 'feeds/33-charts/33-charts-feed-icon.ico', alt: null, width: 16, height: 16 },
    });
    expect(new Date(r.date).toISOString()).toBe('2020-02-25T13:07:52.000Z');
    expect(r.aliases).toEqual(['/feeds/communication-and-the-law-of-constraint']);
  });

  it('curated offerings: news-shaped records about a product', () => {
    const r = news('curated-offering/00f8e01f-4ded-5cfa-a047-51b844ba9ab1.md');
    expect(r).toMatchObject({ kind: 'offering', slug: 'osfhealthcare-online-coronavirus-covid-19-screening', url: 'https://www.osfhealthcare.org/covid19/' });
    expect(r.aliases).toEqual(['/Offerings/online-coronavirus-covid-19-screening']);
  });

  it('offering records: a profile with its vendor, type, description, links, logo, topics; Nil is nothing', () => {
    const o = offering('offerings/accessone.md');
    expect(o).toMatchObject({
      slug: 'accessone',
      name: 'AccessOne',
      vendor: 'AccessOne MedCard, Inc',
      offeringType: 'Service',
      shortDescription: 'We help patients pay for medical costs with affordable payment plans and zero to low-interest rates, which does not harm your credit.',
      recordId: 5348,
      date: 1549257527141,
      status: 'published',
      logo: { href: 'offerings/5348-logo.png' },
      image: { href: 'offerings/5348.png' },
    });
    expect(o.links).toEqual({
      website: 'https://www.accessonemedcard.com/patients/',
      facebook: 'https://www.facebook.com/AccessOne-MedCard-312607528910091/',
      twitter: 'https://twitter.com/myaccessonelang=en',
      linkedin: 'https://www.linkedin.com/company/accessone',
    });
    expect(o.topics.map((t) => t.slug)).toEqual(['symplur-medical-billing']);
    expect(o.bodyHtml).toMatch(/^<p>Our solutions are tailored to your financial experience/);
    // Images named but not there: warnings, never a refusal.
    const charts = offering('offerings/amazing-charts-ehr.md');
    expect(charts.logo).toBeNull();
    expect(charts.warnings.map((w) => w.field)).toEqual(['featuredImage', 'offeringLogo']);
    expect(charts.links.github).toBeUndefined();
  });
});

describe('the variants through the ingest', () => {
  it('publishes every record, every offering record as a profile, every image beside a record, every alias', async () => {
    const db = path.join(tempDir('variants'), 'site.db');
    const summary = await updateStore({ contentDir: VARIANTS_DIR, databasePath: db, mediaDir: MEDIA });
    expect(summary.problems).toEqual([]);
    expect(summary.full).toMatchObject({ published: true, records: 31, kinds: { article: 20, feed: 5, offering: 3, video: 3 }, profiles: 8, rejected: 0 });
    const raw = new Database(db, { readonly: true });
    const one = <T>(sql: string) => raw.prepare(sql).all() as T[];
    // Every featured image, logo and icon file that is there beside its record is published, with its size.
    const named = one<{ p: string }>(
      'SELECT featuredImageHref AS p FROM NewsItem WHERE p IS NOT NULL UNION SELECT logoHref FROM Offering WHERE logoHref IS NOT NULL UNION SELECT imageHref FROM Offering WHERE imageHref IS NOT NULL UNION SELECT iconHref FROM Source WHERE iconHref IS NOT NULL',
    ).map((r) => r.p);
    const images = one<{ path: string; width: number; height: number; format: string; variants: string; digest: string }>('SELECT * FROM Image');
    expect(images.map((i) => i.path).sort()).toEqual(named.sort());
    expect(images.length).toBeGreaterThan(20);
    const logo = images.find((i) => i.path === 'offerings/5348-logo.png')!;
    // Named .png, it is a JPEG: what the file is counts.
    expect(logo).toMatchObject({ format: 'jpeg', width: 128, height: 128 });
    expect(images.find((i) => i.path === 'feeds/33-charts/33-charts-feed-icon.ico')).toMatchObject({ format: 'ico', width: 16, height: 16, variants: '[]' });
    for (const image of images) {
      expect(fs.existsSync(path.join(MEDIA, `${image.digest}.${image.format === 'jpeg' ? 'jpg' : image.format}`)), image.path).toBe(true);
      for (const w of JSON.parse(image.variants) as number[]) expect(fs.existsSync(path.join(MEDIA, `${image.digest}-${w}.webp`))).toBe(true);
    }
    // Profiles, with their aliases; a feed as a source.
    expect(one('SELECT slug, label, vendor, offeringType FROM Offering WHERE profilePath IS NOT NULL ORDER BY slug').length).toBe(8);
    expect(one("SELECT vendor FROM Offering WHERE slug = 'cerners-dosemerx'")).toEqual([{ vendor: 'Cerner Corporation' }]);
    expect(one("SELECT title, siteUrl, iconHref FROM Source WHERE brand = '33charts.com'")).toEqual([{ title: '33 Charts', siteUrl: 'https://33charts.com', iconHref: 'feeds/33-charts/33-charts-feed-icon.ico' }]);
    expect(one("SELECT kind, count(*) AS n FROM NewsItem GROUP BY kind ORDER BY kind")).toEqual([
      { kind: 'article', n: 20 },
      { kind: 'feed', n: 5 },
      { kind: 'offering', n: 3 },
      { kind: 'video', n: 3 },
    ]);
    raw.close();

    // A second ingest reads no image again; a rebuilt store keeps them from the first.
    const again = await updateStore({ contentDir: VARIANTS_DIR, databasePath: db, mediaDir: MEDIA, full: true });
    expect(again.media).toMatchObject({ read: 0, written: 0 });
  });

  it('keeps profiles and images in step with their files, as a full ingest would', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('variants'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    const file = path.join(dir, 'variants', 'offerings', 'accessone.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("vendorName: 'AccessOne MedCard, Inc'", "vendorName: 'AccessOne, Renamed'"));
    fs.rmSync(path.join(dir, 'variants', 'offerings', 'cerners-dosemerx.md'));
    fs.writeFileSync(path.join(dir, 'new-video.md'), recordText({ slug: 'example-new-video', archetype: 'media-video', link: '\n  brand: youtube.com\n  href: https://www.youtube.com/watch?v=abc' }));
    const s = await updateStore({ contentDir: dir, databasePath: db, mediaDir: MEDIA });
    expect(s).toMatchObject({ mode: 'incremental', published: true });
    const incremental = visibleContent(db);
    const { danglingRelated: _a, relatedRows: _b, ...inc } = incremental;
    const fullDb = path.join(tempDir('variants'), 'full.db');
    await ingestAll({ contentDir: dir, databasePath: fullDb, workers: 0 });
    const { danglingRelated: _c, relatedRows: _d, ...full } = visibleContent(fullDb);
    expect(inc).toEqual(full);
    expect(incremental.profiles.find((p) => p.slug === 'accessone')?.vendor).toBe('AccessOne, Renamed');
    expect(incremental.profiles.some((p) => p.slug === 'cerners-dosemerx')).toBe(false);
  });

  it('publishes the same article curated twice under one slug once, with a warning naming both files', async () => {
    const dir = tempDir('twice');
    fs.cpSync(path.join(VARIANTS_DIR, 'video'), dir, { recursive: true });
    const original = 'bd829fc3-9ef0-5387-acda-2d7399425dc6.md';
    fs.copyFileSync(path.join(dir, original), path.join(dir, 'zz-copy.md'));
    const databasePath = path.join(tempDir('twice-store'), 'site.db');
    const merged = await ingestAll({ contentDir: dir, databasePath });
    expect(merged).toMatchObject({ published: true, records: 3, rejected: 0 });
    expect(merged.problems).toEqual([]);
    const warning = merged.warnings.find((p) => p.code === 'same-article');
    expect(warning).toMatchObject({ severity: 'warning', file: 'zz-copy.md', field: 'slug' });
    expect(warning!.message).toContain(original);
    expect(warning!.message).toContain('"youtube-zoeticx-provizion-ccm"');
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM NewsItem WHERE slug = 'youtube-zoeticx-provizion-ccm'`).get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
