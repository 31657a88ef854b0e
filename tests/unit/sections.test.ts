import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addressKind, canonicalAddress } from '../../lib/urls/addresses';
import { readRecordFile, type PreparedRecord } from '../../lib/content/prepare';
import { checkContent } from '../../lib/curation/check';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { recordText, siteContentDir, tempDir, VARIANTS_DIR } from '../support/helpers';
import { visibleContent } from '../support/store-contents';

/**
 * Sections: the pages Medigy's breadcrumb trails lead to (communities, their sections,
 * the feeds), made from the records of ../shared/medigy-sample/variants.
 */
function news(file: string): PreparedRecord {
  const r = readRecordFile(VARIANTS_DIR, file);
  if (!r.ok || !('record' in r)) throw new Error(`${file}: ${JSON.stringify(r)}`);
  return r.record;
}

type SectionRow = { path: string; label: string; newsCount: number; parent: string | null };
function sections(db: string): SectionRow[] {
  return visibleContent(db).sections as SectionRow[];
}

const trailRecord = (slug: string, links: string[], labels: string[], extra: Record<string, string> = {}) =>
  recordText({
    slug,
    link: `\n  brand: example.org\n  href: https://example.org/${slug}`,
    breadcrumbLinks: `\n${links.map((l) => `  - '${l}'`).join('\n')}`,
    breadcrumbs: `\n${labels.map((l) => `  - '${l}'`).join('\n')}`,
    ...extra,
  });

describe('addresses', () => {
  it('gives every internal address one form, and tells pages, sections and the machinery apart', () => {
    expect(canonicalAddress('/communities/Pandemic/')).toBe('/communities/pandemic');
    expect(canonicalAddress('/feed/latest/?x=1#top')).toBe('/feed/latest');
    expect(canonicalAddress('/')).toBe('/');
    for (const raw of ['', '#', 'https://example.org/x', '//evil.example/x', '/a b', '/a/../b', '/a\\b', '/%2e%2e/x']) expect(canonicalAddress(raw), raw).toBeNull();
    expect(addressKind('/')).toBe('home');
    expect(addressKind('/news')).toBe('page');
    expect(addressKind('/topic/healthcare-it-news-digital-health')).toBe('page');
    expect(addressKind('/communities/chronic-care-management/curated-video')).toBe('section');
    expect(addressKind('/feed/latest')).toBe('section');
    for (const reserved of ['/editor', '/editor/x', '/api/editor/session', '/media/x', '/feeds/rss.xml', '/news/a/b', '/topic/x/rss.xml', '/sitemaps/news-1.xml', '/_next/static', '/section/x', '/communities/rss.xml']) {
      expect(addressKind(reserved), reserved).toBe('reserved');
    }
    expect(addressKind('/communities/.hidden')).toBe('other');
  });
});

describe("records' trails", () => {
  it('community records: every step in its one form, the last one the item', () => {
    expect(news('video/bd829fc3-9ef0-5387-acda-2d7399425dc6.md').breadcrumbs).toEqual([
      { label: 'Home', href: '/' },
      { label: 'Communities', href: '/communities' },
      { label: 'Chronic Care Management (CCM)', href: '/communities/chronic-care-management' },
      { label: 'Curated Video', href: '/communities/chronic-care-management/curated-video' },
      { label: 'Zoeticx ProVizion CCM', href: null },
    ]);
  });

  it('feed items: "Feeds › Latest" lead to one address, one step; the item comes after it', () => {
    const r = news('feeds/33-charts/33charts.com-anti-vaccine-attack-on-tiktok-is-facebook-complicit.md');
    expect(r.breadcrumbs).toEqual([
      { label: 'Home', href: '/' },
      { label: 'Feeds', href: '/feed/latest' },
      { label: r.title, href: null },
    ]);
  });

  it('older news: the publisher step leads outside and stays text', () => {
    expect(news('dropmark/0b57f336-f5db-5231-9fa8-9c0eb2944ae4.md').breadcrumbs).toEqual([
      { label: 'Home', href: '/' },
      { label: 'News', href: '/news' },
      { label: 'healthcareitnews.com', href: null },
      { label: "AMA raises questions about CDC's changes to COVID-19 testing guidance", href: null },
    ]);
  });

  it('refuses a trail into the site machinery, naming the step', () => {
    const dir = tempDir('reserved');
    fs.writeFileSync(path.join(dir, 'a.md'), trailRecord('example-a', ['/', '/editor/records', '#'], ['Home', 'Editor', 'A']));
    const r = readRecordFile(dir, 'a.md');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ field: 'breadcrumbLinks[1]', message: expect.stringContaining('"/editor/records" is an address of the site\'s own pages') })]);
  });
});

describe('sections in the store', () => {
  it("are every internal address of the variants' trails, named and nested as the records say, with their items", async () => {
    const db = path.join(tempDir('sections'), 'site.db');
    const summary = await ingestAll({ contentDir: VARIANTS_DIR, databasePath: db, workers: 0 });
    expect(summary.rejected).toBe(0);
    expect(sections(db)).toEqual([
      { path: '/communities', label: 'Communities', newsCount: 20, parent: null },
      { path: '/communities/chronic-care-management', label: 'Chronic Care Management (CCM)', newsCount: 13, parent: '/communities' },
      { path: '/communities/chronic-care-management/curated-content', label: 'Curated Content', newsCount: 8, parent: '/communities/chronic-care-management' },
      { path: '/communities/chronic-care-management/curated-news', label: 'Curated News', newsCount: 2, parent: '/communities/chronic-care-management' },
      { path: '/communities/chronic-care-management/curated-video', label: 'Curated Video', newsCount: 3, parent: '/communities/chronic-care-management' },
      { path: '/communities/pandemic', label: 'Pandemic Community', newsCount: 7, parent: '/communities' },
      { path: '/communities/pandemic/curated-news', label: 'Curated News', newsCount: 4, parent: '/communities/pandemic' },
      { path: '/communities/pandemic/curated-offering', label: 'Curated Offering', newsCount: 3, parent: '/communities/pandemic' },
      { path: '/feed/latest', label: 'Feeds', newsCount: 5, parent: null },
    ]);
    const video = visibleContent(db).items.find((i) => i.slug === 'youtube-zoeticx-provizion-ccm')!;
    expect(video.sections).toBe('/communities|/communities/chronic-care-management|/communities/chronic-care-management/curated-video');
  });

  it("follows the records' own spelling: case and trailing-slash variants are one section, labelled as most records label it", async () => {
    const dir = tempDir('spellings');
    const links = (community: string) => ['/', '/communities/', community, '#'];
    fs.writeFileSync(path.join(dir, 'a.md'), trailRecord('example-a', links('/communities/Pandemic/'), ['Home', 'Communities', 'Pandemic Community', 'A']));
    fs.writeFileSync(path.join(dir, 'b.md'), trailRecord('example-b', links('/communities/pandemic'), ['Home', 'Communities', 'Pandemic Community', 'B']));
    fs.writeFileSync(path.join(dir, 'c.md'), trailRecord('example-c', links('/communities/pandemic/'), ['Home', 'Communities', 'Pandemic', 'C']));
    const db = path.join(tempDir('spellings-store'), 'site.db');
    const summary = await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    expect(sections(db)).toEqual([
      { path: '/communities', label: 'Communities', newsCount: 3, parent: null },
      { path: '/communities/pandemic', label: 'Pandemic Community', newsCount: 3, parent: '/communities' },
    ]);
    const warning = { severity: 'warning', code: 'section-label', file: 'c.md', field: 'breadcrumbs', message: '"Pandemic" names the section /communities/pandemic, which 2 other records call "Pandemic Community"; its page is titled "Pandemic Community"' };
    expect(summary.warnings).toContainEqual(warning);
    expect((await checkContent(dir)).warnings).toContainEqual(warning);
  });

  it('refuses a section that is an old address of another record, and an old address that is a section, naming both', async () => {
    const dir = tempDir('collide');
    fs.writeFileSync(path.join(dir, 'a.md'), trailRecord('example-a', ['/', '/communities/pandemic/', '#'], ['Home', 'Pandemic', 'A']));
    fs.writeFileSync(path.join(dir, 'b.md'), trailRecord('example-b', ['/', '/news/', ''], ['Home', 'News', 'B'], { aliases: '\n  - /communities/pandemic' }));
    fs.writeFileSync(path.join(dir, 'c.md'), trailRecord('example-c', ['/', '/old/place', '#'], ['Home', 'Old', 'C']));
    fs.writeFileSync(path.join(dir, 'b2.md'), trailRecord('example-b2', ['/', '/news/', ''], ['Home', 'News', 'B2'], { aliases: '\n  - /old/place' }));
    const report = await checkContent(dir);
    expect(report.errors).toEqual([
      { severity: 'error', code: 'address-conflict', file: 'b.md', field: 'aliases[0]', message: '"/communities/pandemic" is a section page that the breadcrumbs of a.md lead to; an old address cannot take it over' },
      { severity: 'error', code: 'address-conflict', file: 'c.md', field: 'breadcrumbLinks', message: '"/old/place" is an old address (aliases) of b2.md, so it cannot be a section page too; change the breadcrumb or that alias' },
    ]);
    const refused = await ingestAll({ contentDir: dir, databasePath: path.join(tempDir('collide-store'), 'site.db'), workers: 0 });
    expect(refused.published).toBe(false);
    expect(refused.problems.map((p) => p.file).sort()).toEqual(['b.md', 'c.md']);
  });

  it('keeps sections in step incrementally: an edited trail moves the item, an emptied section disappears, as a full ingest would', async () => {
    const dir = siteContentDir();
    const db = path.join(tempDir('sections-inc'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: db, workers: 0 });
    // The three videos move from the chronic-care community to a new one; the pandemic's offerings are unpublished.
    for (const name of fs.readdirSync(path.join(dir, 'variants', 'video')).filter((n) => n.endsWith('.md'))) {
      const file = path.join(dir, 'variants', 'video', name);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('/communities/chronic-care-management/', '/communities/video-library/').replace('- Chronic Care Management (CCM)', '- Video Library'));
    }
    for (const name of fs.readdirSync(path.join(dir, 'variants', 'curated-offering')).filter((n) => n.endsWith('.md'))) fs.rmSync(path.join(dir, 'variants', 'curated-offering', name));
    const s = await updateStore({ contentDir: dir, databasePath: db });
    expect(s.mode).toBe('incremental');
    expect(s.problems).toEqual([]);
    const after = sections(db);
    expect(after.find((x) => x.path === '/communities/chronic-care-management')).toMatchObject({ newsCount: 10 });
    expect(after.find((x) => x.path === '/communities/chronic-care-management/curated-video')).toBeUndefined();
    expect(after.find((x) => x.path === '/communities/video-library/curated-video')).toEqual({
      path: '/communities/video-library/curated-video',
      label: 'Curated Video',
      newsCount: 3,
      parent: '/communities/video-library',
    });
    expect(after.find((x) => x.path === '/communities/video-library')).toMatchObject({ label: 'Video Library', parent: '/communities' });
    expect(after.find((x) => x.path === '/communities/pandemic/curated-offering')).toBeUndefined();
    expect(after.find((x) => x.path === '/communities/pandemic')).toMatchObject({ newsCount: 4 });

    const full = path.join(tempDir('sections-full'), 'site.db');
    await ingestAll({ contentDir: dir, databasePath: full, workers: 0 });
    const { danglingRelated: _a, relatedRows: _b, ...inc } = visibleContent(db);
    const { danglingRelated: _c, relatedRows: _d, ...fresh } = visibleContent(full);
    expect(inc).toEqual(fresh);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM NewsSection WHERE sectionId NOT IN (SELECT id FROM Section)').pluck().get()).toBe(0);
    raw.close();
  });
});
