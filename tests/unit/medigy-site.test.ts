import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorName, authorNames } from '../../lib/content/authors';
import { discoverRecords } from '../../lib/content/discover';
import { eventTiming, type EventDetails } from '../../lib/content/event';
import { cleanExcerpt } from '../../lib/content/excerpts';
import { recordKind, unpublishedKind } from '../../lib/content/kinds';
import { parseRecord } from '../../lib/content/parse';
import { isLeftOut, readRecordFile, type PreparedOffering, type PreparedRecord, type PreparedResult, type RejectedFile } from '../../lib/content/prepare';
import { parsePublisherNames, publisherClaim, publisherDisplayName, readPublisherNames } from '../../lib/content/publishers';
import { firstVideo, videoAt } from '../../lib/content/video';
import { updateStore } from '../../lib/ingest/update-store';
import { ingestSummary } from '../../lib/ingest/report';
import { recordText, ROOT, SITE_DIR, tempDir, VARIANTS_DIR } from '../support/helpers';

/**
 * The rest of Medigy's site (../shared/medigy-sample/site: events, infographics, posts,
 * reports, duplicates, institutions, awards, the 2021H2 offering layout), read record by
 * record with the real values they hold.
 */
function read(dir: string, file: string): PreparedResult {
  return readRecordFile(dir, file);
}
function item(file: string, dir = SITE_DIR): PreparedRecord {
  const r = read(dir, file);
  if (!r.ok || !('record' in r)) throw new Error(`${file}: ${JSON.stringify(r)}`);
  return r.record;
}
function offering(file: string): PreparedOffering {
  const r = read(SITE_DIR, file);
  if (!r.ok || !('offering' in r)) throw new Error(`${file}: ${JSON.stringify(r)}`);
  return r.offering;
}
function rejected(file: string, dir = SITE_DIR): RejectedFile {
  const r = read(dir, file);
  if (r.ok) throw new Error(`${file} was read as valid`);
  return r;
}
const codes = (r: { warnings: { code: string }[] }) => r.warnings.map((w) => w.code);

/** A temporary content folder holding `files` (path → text). */
function contentWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir('site-records');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the kind of every record, from its fields', () => {
  const expected: Record<string, string> = {
    'actionable/kb.cert.org-vu219739-portrait-displays-sdk-applications-are-vulnerable-to-arbitrary-code-execution-and-privilege-escalation.md': 'report',
    'community-content/cybersecurity.att.com-how-to-justify-your-cybersecurity-budget.md': 'article',
    'community-content/feedproxy.google.com-building-more-software-architects.md': 'article',
    'contributed/015e9743-a54c-5f3b-b7c5-589b8fd7fa06.md': 'post',
    'contributed/1995b805-c699-52d3-a938-b5eb8b9fc143.md': 'post',
    'contributed/healthcare-cybersecurity-how-to-prevent-complete-medical-meltdown.md': 'post',
    'duplicates/e12a0df7-5a82-5dd1-9c4b-93d2097890d3.md': 'article',
    'duplicates/e94ed35e-12d8-5138-af5e-bd1f5ed3f0ed.md': 'article',
    'events/00aaa17f-aaec-594c-8b84-002f4faddc09.md': 'event',
    'events/01c8c3aa-bb93-5dfa-b235-fb00222eee5e.md': 'event',
    'events/15ab8333-10d9-5637-8d9f-a3418309f8e4.md': 'event',
    'events/49713ed2-9a7d-5a1f-8f65-74f1bd181d4e.md': 'event',
    'infographics/10-ransomware-predictions-2017.md': 'infographic',
    'infographics/12-unique-characteristics-ransomware-set-apart-malwares.md': 'infographic',
    'infographics/3b17c445-bc7b-556d-852b-efba564d6b6c.md': 'infographic',
    'recognition/2e4a3f30-e3bc-5daf-82eb-b9d4bc9df215.md': 'article',
    'reports/029077d0-a7c8-58ac-a2ff-5a59c6c3fa15.md': 'report',
    'vaccine-pipeline/078cb5e8-99df-5ab9-a37f-b53282d53773.md': 'article',
    'topics/016443ab-354f-5591-a9b2-5a74f57e17f6.md': 'article',
  };

  it('gives each record of the site its kind', () => {
    for (const [file, kind] of Object.entries(expected)) expect(item(file).kind, file).toBe(kind);
  });

  it('never from the folder: every sample record keeps its kind moved into another kind\'s folder', () => {
    const folders = ['events', 'infographics', 'contributed', 'news', 'feeds/x', 'video', 'offerings'];
    for (const base of [SITE_DIR, VARIANTS_DIR]) {
      for (const file of discoverRecords(base).files) {
        const where = read(base, file);
        if (!where.ok || !('record' in where)) continue;
        const folder = folders[file.length % folders.length]!;
        const moved = `${folder}/${path.basename(file)}`;
        // With the files beside it (its images), as a move of Medigy's tree would have.
        const beside = fs.readdirSync(path.dirname(path.join(base, file))).filter((f) => !f.endsWith('.md'));
        const files = Object.fromEntries([[moved, fs.readFileSync(path.join(base, file))], ...beside.map((f) => [`${folder}/${f}`, fs.readFileSync(path.join(path.dirname(path.join(base, file)), f))])]);
        const there = read(contentWith(files), moved);
        expect(there.ok && 'record' in there && there.record.kind, `${file} in ${folder}/`).toBe(where.record.kind);
      }
    }
  });

  it('reads the next field when one is missing: archetype, work package type, content category, search category, base path, event fields', () => {
    const front = (file: string) => {
      const parsed = parseRecord(file, fs.readFileSync(path.join(SITE_DIR, file), 'utf8'));
      if (!parsed.ok) throw new Error(file);
      return parsed.value.data;
    };
    const fields = ['archetype', 'openProjectWorkPackageType', 'contentCategories', 'searchCategory', 'sub', 'basePath', 'breadcrumbLinks'];
    for (const [file, kind] of [
      ['events/15ab8333-10d9-5637-8d9f-a3418309f8e4.md', 'event'],
      ['infographics/3b17c445-bc7b-556d-852b-efba564d6b6c.md', 'infographic'],
      ['contributed/1995b805-c699-52d3-a938-b5eb8b9fc143.md', 'post'],
      ['reports/029077d0-a7c8-58ac-a2ff-5a59c6c3fa15.md', 'report'],
    ] as const) {
      const data = front(file);
      // Take the signals away one by one, most specific first: while one is left, the kind holds.
      for (let n = 0; n < fields.length; n++) {
        const left = Object.fromEntries(Object.entries(data).filter(([k]) => !fields.slice(0, n).includes(k)));
        if (fields.slice(n).some((f) => f in data) || (kind === 'event' && 'eventEndDate' in data)) expect(recordKind(left), `${file} without ${fields.slice(0, n).join(', ')}`).toBe(kind);
      }
    }
    // A `post` archetype with nothing else: writing for the site; nothing at all: an article.
    expect(recordKind({ archetype: 'post' })).toBe('post');
    expect(recordKind({})).toBe('article');
    expect(recordKind({ archetype: 'post', contentCategories: 'medigy-security-infographics' })).toBe('infographic');
    expect(recordKind({ eventEndDate: '2021-01-01' })).toBe('event');
    expect(recordKind({ archetype: 'news', searchCategory: 'Events' })).toBe('article');
  });

  it('publishes a record that curates a YouTube or Vimeo address as a video, whatever its archetype', () => {
    const dir = contentWith({
      'a.md': recordText({ slug: 'yt', archetype: 'curate-content', link: '\n  brand: youtube.com\n  href: https://youtu.be/dQw4w9WgXcQ' }),
      'b.md': recordText({ slug: 'vimeo', openProjectCustomFields: '\n  videoUrl: https://vimeo.com/373104507' }),
      'c.md': recordText({ slug: 'plain' }),
    });
    expect(item('a.md', dir)).toMatchObject({ kind: 'video', video: { provider: 'youtube', id: 'dQw4w9WgXcQ' } });
    expect(item('b.md', dir)).toMatchObject({ kind: 'video', video: { provider: 'vimeo', id: '373104507', thumbnailUrl: null } });
    expect(item('c.md', dir)).toMatchObject({ kind: 'article', video: null });
  });
});

describe('events', () => {
  it('an online course: its day, online, no place (Medigy wrote "Online" as the location)', () => {
    const e = item('events/00aaa17f-aaec-594c-8b84-002f4faddc09.md');
    expect(e.title).toBe('A Brain Friendly Approach to Managing Change and Uncertainty Course');
    expect(e.event).toEqual({ start: '2020-05-14', end: '2020-05-14', allDay: true, timeZone: null, place: null, online: true, cancelled: false, recordingUrl: null });
    // Listed by when it was published, not by when it takes place.
    expect(new Date(e.date).toISOString()).toBe('2020-05-20T09:12:00.294Z');
    expect(e.url).toBe('https://www.eventbrite.co.uk/e/online-8-week-mindfulness-a-brain-friendly-approach-to-managing-change-and-uncertainty-course-registration-102688877196?aff=ebdssbdestsearch');
    expect(e.publisherName).toBe('Eventbrite');
    // Medigy's "past" is its export's, not a publication status: no warning.
    expect(codes(e)).toEqual([]);
  });

  it('a cancelled conference: three days, its place, cancelled by eventCancelled: t and status: canceled', () => {
    const e = item('events/01c8c3aa-bb93-5dfa-b235-fb00222eee5e.md');
    expect(e.title).toBe('TraumaCon 2020 - 23rd Annual Conference of the Society of Trauma Nurses');
    expect(e.event).toEqual({ start: '2020-04-01', end: '2020-04-03', allDay: true, timeZone: null, place: 'Renaissance Waverly Hotel, Atlanta, Georgia', online: null, cancelled: true, recordingUrl: null });
    expect(e.authors).toEqual(['Vishnupriya T']);
  });

  it('a congress Medigy called upcoming in 2021: upcoming or past by the date it is read', () => {
    const e = item('events/15ab8333-10d9-5637-8d9f-a3418309f8e4.md');
    expect(e.event).toMatchObject({ start: '2021-12-05', end: '2021-12-08', place: 'Palau De Congressos De Catalunya, Barcelona', cancelled: false });
    expect(e.authors).toEqual(['Rameena']);
    const at = (iso: string) => eventTiming(e.event!, Date.parse(iso));
    expect(at('2021-06-01T00:00:00Z')).toBe('upcoming');
    expect(at('2021-12-06T12:00:00Z')).toBe('ongoing');
    // Its last day is over only when it is over everywhere (UTC−12).
    expect(at('2021-12-09T11:00:00Z')).toBe('ongoing');
    expect(at('2021-12-09T12:00:00Z')).toBe('past');
    expect(at('2026-01-01T00:00:00Z')).toBe('past');
  });

  it("a community's curated event with no start date: listed without dates, with a warning, never refused", () => {
    const e = item('events/49713ed2-9a7d-5a1f-8f65-74f1bd181d4e.md');
    expect(e.event).toEqual({ start: null, end: null, allDay: false, timeZone: null, place: null, online: null, cancelled: false, recordingUrl: null });
    expect(new Date(e.date).toISOString()).toBe('2020-06-30T10:01:19.789Z');
    expect(codes(e)).toEqual(['event-no-date']);
    expect(eventTiming(e.event!, Date.now())).toBe('unscheduled');
  });

  it('times, time zones, recordings and ends before starts, as editors may write them', () => {
    const event = (fields: Record<string, string>) =>
      item('e.md', contentWith({ 'e.md': recordText({ archetype: 'event', slug: 'an-event', ...fields }) }));
    const timed = event({ date: "'2024-03-05T14:30:00Z'", eventEndDate: "'2024-03-05T16:00:00Z'", openProjectCustomFields: '\n  location: Virtual event\n  onlineEvent: f\n  videoRecordingUrl: https://www.youtube.com/watch?v=dQw4w9WgXcQ', timeZone: 'Europe/London' });
    expect(timed.event).toEqual({ start: '2024-03-05T14:30:00.000Z', end: '2024-03-05T16:00:00.000Z', allDay: false, timeZone: 'Europe/London', place: null, online: false, cancelled: false, recordingUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    // The recording is the item's video.
    expect(timed.video).toMatchObject({ provider: 'youtube', id: 'dQw4w9WgXcQ', thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg' });
    expect(timed.kind).toBe('event');
    const backwards = event({ date: "'2024-03-05'", eventEndDate: "'2024-03-01'", timeZone: 'Mars/Olympus', openProjectCustomFields: '\n  location: Boston Convention Center, online and in person' });
    expect(backwards.event).toMatchObject({ start: '2024-03-05', end: null, allDay: true, timeZone: null, place: 'Boston Convention Center, online and in person', online: true });
    expect(backwards.warnings.map((w) => [w.code, w.field])).toEqual([
      ['event-date', 'eventEndDate'],
      ['event-date', 'timeZone'],
    ]);
    // A timed event with no end lasts the rest of its day; a cancelled one is cancelled whatever the date.
    const e: EventDetails = { start: '2024-03-05T14:30:00.000Z', end: null, allDay: false, timeZone: null, place: null, online: null, cancelled: false, recordingUrl: null };
    expect(eventTiming(e, Date.parse('2024-03-05T20:00:00Z'))).toBe('ongoing');
    expect(eventTiming(e, Date.parse('2024-03-07T00:00:00Z'))).toBe('past');
    expect(eventTiming({ ...e, cancelled: true }, Date.parse('2024-03-01T00:00:00Z'))).toBe('cancelled');
  });
});

describe('videos', () => {
  it('takes YouTube and Vimeo addresses apart: id, its one address, a player from the privacy-enhanced domain, a still', () => {
    const table: [string, { provider: string; id: string; url: string; embedUrl: string; thumbnailUrl: string | null; start: number | null; end: number | null } | null][] = [
      ['https://www.youtube.com/watch?v=Jkt1iEjSoJI', { provider: 'youtube', id: 'Jkt1iEjSoJI', url: 'https://www.youtube.com/watch?v=Jkt1iEjSoJI', embedUrl: 'https://www.youtube-nocookie.com/embed/Jkt1iEjSoJI', thumbnailUrl: 'https://i.ytimg.com/vi/Jkt1iEjSoJI/hqdefault.jpg', start: null, end: null }],
      ['https://www.youtube.com/watch?v=d8Lavp9_L_E&feature=youtu.be', { provider: 'youtube', id: 'd8Lavp9_L_E', url: 'https://www.youtube.com/watch?v=d8Lavp9_L_E', embedUrl: 'https://www.youtube-nocookie.com/embed/d8Lavp9_L_E', thumbnailUrl: 'https://i.ytimg.com/vi/d8Lavp9_L_E/hqdefault.jpg', start: null, end: null }],
      // An award's clip of the ceremony (awards/abm-campaign-of-the-year.md).
      ['https://www.youtube.com/embed/oJhob7_0XAA?start=5390&end=5573', { provider: 'youtube', id: 'oJhob7_0XAA', url: 'https://www.youtube.com/watch?v=oJhob7_0XAA&t=5390s', embedUrl: 'https://www.youtube-nocookie.com/embed/oJhob7_0XAA?start=5390&end=5573', thumbnailUrl: 'https://i.ytimg.com/vi/oJhob7_0XAA/hqdefault.jpg', start: 5390, end: 5573 }],
      ['https://youtu.be/ydyfLWUPxz8?t=1m30s', { provider: 'youtube', id: 'ydyfLWUPxz8', url: 'https://www.youtube.com/watch?v=ydyfLWUPxz8&t=90s', embedUrl: 'https://www.youtube-nocookie.com/embed/ydyfLWUPxz8?start=90', thumbnailUrl: 'https://i.ytimg.com/vi/ydyfLWUPxz8/hqdefault.jpg', start: 90, end: null }],
      ['https://m.youtube.com/shorts/ydyfLWUPxz8', { provider: 'youtube', id: 'ydyfLWUPxz8', url: 'https://www.youtube.com/watch?v=ydyfLWUPxz8', embedUrl: 'https://www.youtube-nocookie.com/embed/ydyfLWUPxz8', thumbnailUrl: 'https://i.ytimg.com/vi/ydyfLWUPxz8/hqdefault.jpg', start: null, end: null }],
      ['//www.youtube-nocookie.com/embed/ydyfLWUPxz8', { provider: 'youtube', id: 'ydyfLWUPxz8', url: 'https://www.youtube.com/watch?v=ydyfLWUPxz8', embedUrl: 'https://www.youtube-nocookie.com/embed/ydyfLWUPxz8', thumbnailUrl: 'https://i.ytimg.com/vi/ydyfLWUPxz8/hqdefault.jpg', start: null, end: null }],
      // The 2021H2 offering's carousel.
      ['https://vimeo.com/373104507', { provider: 'vimeo', id: '373104507', url: 'https://vimeo.com/373104507', embedUrl: 'https://player.vimeo.com/video/373104507', thumbnailUrl: null, start: null, end: null }],
      ['https://vimeo.com/channels/staffpicks/373104507#t=30s', { provider: 'vimeo', id: '373104507', url: 'https://vimeo.com/373104507', embedUrl: 'https://player.vimeo.com/video/373104507#t=30s', thumbnailUrl: null, start: 30, end: null }],
      ['https://vimeo.com/373104507/ab12cd34ef', { provider: 'vimeo', id: '373104507', url: 'https://vimeo.com/373104507/ab12cd34ef', embedUrl: 'https://player.vimeo.com/video/373104507?h=ab12cd34ef', thumbnailUrl: null, start: null, end: null }],
      ['https://player.vimeo.com/video/373104507', { provider: 'vimeo', id: '373104507', url: 'https://vimeo.com/373104507', embedUrl: 'https://player.vimeo.com/video/373104507', thumbnailUrl: null, start: null, end: null }],
      // Not videos: other hosts (whatever their path says), channels, ids of the wrong shape, other schemes.
      ['https://www.youtube.com.evil.example/watch?v=Jkt1iEjSoJI', null],
      ['https://evil.example/www.youtube.com/watch?v=Jkt1iEjSoJI', null],
      ['https://www.youtube.com/@Medigy', null],
      ['https://www.youtube.com/watch?v=short', null],
      ['https://www.youtube.com/watch?v=Jkt1iEjSoJI"><script>', null],
      ['javascript://www.youtube.com/watch?v=Jkt1iEjSoJI', null],
      ['https://vimeo.com/channels/staffpicks', null],
      ['https://himsstv.brightcovegallery.com/detail/video/6198040517001', null],
      ['not an address', null],
    ];
    for (const [address, expected] of table) expect(videoAt(address), address).toEqual(expected);
    expect(firstVideo([null, ['https://example.org', 'https://youtu.be/ydyfLWUPxz8'], 'https://vimeo.com/1234'])?.id).toBe('ydyfLWUPxz8');
  });

  it("the samples' videos: each with its YouTube id and still", () => {
    for (const [file, id] of [
      ['video/092f7ac3-bddf-5afd-8170-2889c3ec6d8d.md', 'Jkt1iEjSoJI'],
      ['video/a504a705-4b2c-5c26-9fc0-c75ba128d9e9.md', '7Krh6eudGG0'],
      ['video/bd829fc3-9ef0-5387-acda-2d7399425dc6.md', 'd8Lavp9_L_E'],
    ]) {
      const v = item(file!, VARIANTS_DIR);
      expect(v.kind).toBe('video');
      expect(v.video).toMatchObject({ provider: 'youtube', id, thumbnailUrl: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`, embedUrl: `https://www.youtube-nocookie.com/embed/${id}` });
    }
    // "OpenProject Admin" is an account, not a person: no byline.
    expect(item('video/a504a705-4b2c-5c26-9fc0-c75ba128d9e9.md', VARIANTS_DIR).authors).toEqual([]);
    // "…Care Collaborative Model.Listen on": the trailer goes.
    expect(item('video/bd829fc3-9ef0-5387-acda-2d7399425dc6.md', VARIANTS_DIR).description).toBe(
      'This video outlines Zoeticx thought leadership and vision on solutions for Chronic Care Management, supporting CMS (Center of Medicare and Medicaid Service) Care Collaborative Model.',
    );
  });
});

describe("the site's own writing: infographics and posts with no article to link to", () => {
  it('an infographic: the image is the content, found beside the record by the site path the body names', () => {
    const i = item('infographics/10-ransomware-predictions-2017.md');
    expect(i).toMatchObject({
      kind: 'infographic',
      ownArticle: true,
      url: '/news/10-ransomware-predictions-2017',
      brand: '',
      originalUrl: null,
      title: '10 Ransomware Predictions of 2017',
      description: 'Ransomware Predictions',
      authors: ['Opsfolio Community'],
      featuredImage: { href: 'infographics/10-Ransomware-Predictions-of-2017.jpg', alt: null, width: 1344, height: 672 },
      bodyImages: [{ src: '/communities/security/infographics/10-Ransomware-Predictions-of-2017.jpg', href: 'infographics/10-Ransomware-Predictions-of-2017.jpg' }],
    });
    expect(new Date(i.date).toISOString()).toBe('2017-07-20T14:18:08.000Z');
    expect(i.bodyHtml).toContain('<img src="/communities/security/infographics/10-Ransomware-Predictions-of-2017.jpg" alt="Ransomware Predictions" loading="lazy" decoding="async">');
    expect(i.aliases).toEqual(['/infographics/10-ransomware-predictions-2017']);
    // Bare categories, as Medigy's older posts have them: topics of their own.
    expect(i.topics.map((t) => t.slug)).toEqual(['infographics', 'ransomware']);
    expect(codes(i)).toEqual([]);
    expect(item('infographics/12-unique-characteristics-ransomware-set-apart-malwares.md').bodyImages).toEqual([
      { src: '/communities/security/infographics/Unique-Characteristics-of-Ransomware.jpg', href: 'infographics/Unique-Characteristics-of-Ransomware.jpg' },
    ]);
  });

  it("an infographic whose link is Medigy's own home page: no body, its image is the page", () => {
    const i = item('infographics/3b17c445-bc7b-556d-852b-efba564d6b6c.md');
    expect(i).toMatchObject({
      kind: 'infographic',
      ownArticle: true,
      slug: 'medigy-endgame-covid19-the-cure-for-coronavirus-may-not-be-that-far',
      url: '/news/medigy-endgame-covid19-the-cure-for-coronavirus-may-not-be-that-far',
      bodyHtml: '',
      description: null,
      authors: ['Pittosh Poulose'],
      featuredImage: { href: 'infographics/3b17c445-bc7b-556d-852b-efba564d6b6c-featuredImage.jpeg', width: 750, height: 4200 },
    });
  });

  it('a contributed post written for the site: the Markdown body is the article, the author shown, a missing image left out of the body with a warning', () => {
    const p = item('contributed/healthcare-cybersecurity-how-to-prevent-complete-medical-meltdown.md');
    expect(p).toMatchObject({ kind: 'post', ownArticle: true, authors: ['Andrew Payne'], title: 'Healthcare Cybersecurity: How to Prevent a Complete Medical Meltdown', featuredImage: null, bodyImages: [] });
    expect(p.bodyHtml).toMatch(/^<p>Falling victim to cybersecurity can happen to anyone/);
    expect(p.bodyHtml).toContain('<strong>Initiate regular software updates.</strong>');
    expect(p.bodyHtml).not.toContain('/images/Set5.jpg');
    expect(p.warnings.map((w) => [w.code, w.field])).toEqual([
      ['image-missing', 'body'],
      ['image-missing', 'featuredImage.href'],
    ]);
  });

  it("contributed content with the original's address only in the page's metadata links to it; names are names", () => {
    expect(item('contributed/015e9743-a54c-5f3b-b7c5-589b8fd7fa06.md')).toMatchObject({
      kind: 'post',
      ownArticle: false,
      url: 'https://www.healthcareguys.com/2019/04/09/bad-oral-health-has-a-disastrous-effect-especially-on-kids/',
      brand: 'healthcareguys.com',
      publisherName: 'The Healthcare Guys',
      authors: ['Radhika Narayanan'],
    });
    // "amina @maxinov.com": a log-in, not a byline.
    expect(item('contributed/1995b805-c699-52d3-a938-b5eb8b9fc143.md')).toMatchObject({ kind: 'post', authors: ['Amina'], publisherName: 'womenshealth.gov' });
  });

  it('a record written here with no link is refused unless it is a post; a post needs a body or an image', () => {
    const dir = contentWith({
      'forgot.md': recordText({ link: null }),
      'post.md': recordText({ slug: 'our-post', link: null, archetype: 'post' }, 'Our own *words*.'),
      'empty-post.md': recordText({ slug: 'empty-post', link: null, archetype: 'post' }, ''),
      'imported-empty.md': recordText({ slug: 'imported-empty', link: "\n  brand: ''\n  href: ''", source: 'open-project-curations', mdName: 'x' }, ''),
      'imported-body.md': recordText({ slug: 'imported-body', link: "\n  brand: ''\n  href: ''", source: 'open-project-curations' }, 'The body says it all.'),
    });
    expect(rejected('forgot.md', dir).problems.map((p) => [p.severity, p.code, p.field])).toEqual([['error', 'missing-field', 'link']]);
    expect(item('post.md', dir)).toMatchObject({ kind: 'post', ownArticle: true, url: '/news/our-post', bodyHtml: '<p>Our own <em>words</em>.</p>' });
    const empty = rejected('empty-post.md', dir);
    expect(empty.problems.map((p) => [p.severity, p.code])).toEqual([['error', 'missing-field']]);
    expect(isLeftOut(empty)).toBe(false);
    // Imported from Medigy: left out and named, never an error; with a body, published as the site's own.
    const left = rejected('imported-empty.md', dir);
    expect(left.problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'nothing-to-show']]);
    expect(isLeftOut(left)).toBe(true);
    const kept = item('imported-body.md', dir);
    expect(kept).toMatchObject({ kind: 'article', ownArticle: true, url: '/news/imported-body' });
    expect(codes(kept)).toEqual(['no-link']);
  });
});

describe("the other sections of Medigy's communities", () => {
  it('actionable content of an older export: the address in a misspelt, listed `herf`, entities decoded', () => {
    const a = item('actionable/kb.cert.org-vu219739-portrait-displays-sdk-applications-are-vulnerable-to-arbitrary-code-execution-and-privilege-escalation.md');
    expect(a).toMatchObject({ kind: 'report', url: 'http://www.kb.cert.org/vuls/id/219739', brand: 'kb.cert.org', authors: ['Opsfolio Community'], title: 'VU#219739: Portrait Displays SDK applications are vulnerable to arbitrary code execution and privilege escalation' });
    expect(a.description).toMatch(/default to insecure configurations which allow arbitrary code execution\. Description…$/);
  });

  it('recent updates and reports: the address from the body, the description without its glued "Read on cdc.gov"', () => {
    expect(item('reports/029077d0-a7c8-58ac-a2ff-5a59c6c3fa15.md')).toMatchObject({
      kind: 'report',
      title: 'Morbidity and Mortality Weekly Report (MMWR)',
      url: 'https://www.cdc.gov/mmwr/index.html',
      brand: 'cdc.gov',
      description: 'The Morbidity and Mortality Weekly Report (MMWR) Series is prepared by the Centers for Disease Control and Prevention (CDC).',
      authors: ['Anurup Sree'],
    });
  });

  it('the vaccine pipeline and curated recognitions: news, each with its publisher', () => {
    expect(item('vaccine-pipeline/078cb5e8-99df-5ab9-a37f-b53282d53773.md')).toMatchObject({ kind: 'article', brand: 'pfizer.com', authors: ['Mary John'] });
    expect(item('recognition/2e4a3f30-e3bc-5daf-82eb-b9d4bc9df215.md')).toMatchObject({
      kind: 'article',
      publisherName: 'Best Beginnings',
      description: 'The Best Beginning to Charity’s 10th Year: Alison Baum, CEO and Founder of Best Beginnings, awarded OBE in New Year honours list',
    });
  });

  it("records under a community's content/: a single author as text, `Categories` capitalised, a trail step left empty", () => {
    expect(item('community-content/cybersecurity.att.com-how-to-justify-your-cybersecurity-budget.md')).toMatchObject({
      kind: 'article',
      authors: ['Shahid Shah'],
      featuredImage: { href: 'community-content/cybersecurity.att.com-how-to-justify-your-cybersecurity-budget-featuredImage.webp' },
    });
    const f = item('community-content/feedproxy.google.com-building-more-software-architects.md');
    expect(f).toMatchObject({ kind: 'article', url: 'http://feedproxy.google.com/~r/HealthcareSecurity/privacy/~3/XbZg-slWw2A/building-more-software-architects.html' });
    expect(f.topics.map((t) => t.name)).toEqual(['Cybersecurity']);
    // Its first two steps both lead to "/": one step, named by the first.
    expect(f.breadcrumbs.map((b) => [b.label, b.href])).toEqual([
      ['Home', '/'],
      ['Risk And Compliance', '/communities/risk-and-compliance'],
      ['Curated News', '/communities/risk-and-compliance/curated-news'],
      ['Building more Software Architects', null],
    ]);
  });

  it('a trail with a year written as a number, an empty link and an empty step: text, the page itself, no step', () => {
    const dir = contentWith({
      'x.md': recordText({ breadcrumbs: "\n  - Home\n  -\n  - 2021\n  - Awards", breadcrumbLinks: "\n  - /\n  - /nowhere\n  - /communities/awards-2021\n  -" }),
    });
    expect(item('x.md', dir).breadcrumbs).toEqual([
      { label: 'Home', href: '/' },
      { label: '2021', href: '/communities/awards-2021' },
      { label: 'Awards', href: null },
    ]);
  });

  it('one subject under several collections keeps each collection\'s name, `-hash-` read as "#"', () => {
    const names = discoverRecords(path.join(SITE_DIR, 'topics')).files.flatMap((f) => item(`topics/${f}`).topics.map((t) => t.name));
    for (const name of ['KLAS: Telehealth', 'Symplur: Telehealth', 'Frost & Sullivan: TeleHealth', 'Healthcare IT News: Telehealth', 'Symplur: #telehealth']) expect(names).toContain(name);
  });

  it('the same article curated twice under one slug: both read, the same slug and link (phase 2 makes them one item)', () => {
    const a = item('duplicates/e12a0df7-5a82-5dd1-9c4b-93d2097890d3.md');
    const b = item('duplicates/e94ed35e-12d8-5138-af5e-bd1f5ed3f0ed.md');
    expect([a.slug, b.slug]).toEqual(['-ihme', '-ihme']);
    expect(a.linkKey).toBe(b.linkKey);
    expect(a).toMatchObject({ title: 'IHME', url: 'https://covid19.healthdata.org/', publisherName: 'Institute for Health Metrics and Evaluation', description: 'Explore hospital bed use, need for intensive care beds, and ventilator use due to COVID-19 based on projected deaths' });
  });
});

describe('kinds the site does not publish, and offering records of every layout', () => {
  it('institution profiles and awards are left out and named, never an error', () => {
    for (const [file, what] of [
      ['institutions/1bios-inc.md', 'an institution profile'],
      ['institutions/alabama-andalusia-health-10036.md', 'an institution profile'],
      ['awards/abm-campaign-of-the-year.md', 'an award'],
    ]) {
      const r = rejected(file!);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ severity: 'warning', code: 'kind-not-published', file });
      expect(r.problems[0]!.message).toContain(what);
      expect(isLeftOut(r)).toBe(true);
    }
    expect(unpublishedKind({ archeType: 'profile-institution-hdo' })).toBe('institution');
    expect(unpublishedKind({ layout: 'regulated-single' })).toBe('institution');
    expect(unpublishedKind({ type: 'awards' })).toBe('award');
    expect(unpublishedKind({ archetype: 'news', type: 'communities/medigy-pandemic' })).toBeNull();
  });

  it("the 2021H2 layout's offering fills the profile from its blocks: vendor, type, description, website, social links, date, aliases", () => {
    const o = offering('offerings/organic-sample.md');
    expect(o).toMatchObject({
      slug: '1medix-engaged-patient-solution',
      name: '1MEDiX Engaged Patient Solution',
      vendor: '1MEDiX',
      offeringType: 'Solution',
      recordId: 6261,
      status: 'published',
      aliases: ['/offering/1medix-engaged-patient-solution'],
      links: {
        website: 'https://1medix.com/engaged-patient-solution/',
        facebook: 'https://www.facebook.com/1MEDiX-390486234372851/',
        twitter: 'https://twitter.com/1medix?lang=en',
        linkedin: 'https://nz.linkedin.com/company/1medix',
      },
      image: null,
      logo: null,
    });
    // createdOn in seconds, with a fraction.
    expect(new Date(o.date!).toISOString()).toBe('2020-04-08T11:02:44.326Z');
    expect(o.topics.map((t) => t.name)).toEqual(['Medigy: Patient Engagement/ PHR/Portals']);
    // shortDescription is empty: the body's opening says what the offering is.
    expect(o.shortDescription).toBe('1MEDiX provides platform solutions for health information aggregation, analysis, and mobile usage.');
    expect(o.warnings.map((w) => w.code)).toEqual(['image-missing', 'image-missing']);
  });
});

describe('clean presentation of raw data', () => {
  it('authors are names: never an address, a handle or an account', () => {
    const table: [string, string | null][] = [
      ['Vinit @maxinovip.com', 'Vinit'],
      ['Curated by Vinit @maxinovip.com', 'Vinit'],
      ['amina @maxinov.com', 'Amina'],
      ['rameena @aitiainfotech.com', 'Rameena'],
      ['john.doe@example.org', 'John Doe'],
      ['sales@1bios.co', null],
      ['@vinit', null],
      ['Vinit (@vinit)', 'Vinit'],
      ['By Jane Doe <jane@example.org>', 'Jane Doe'],
      ['Admin', null],
      ['OpenProject Admin', null],
      ['Super User', null],
      ['Opsfolio Community', 'Opsfolio Community'],
      ['Daniya Vincent V', 'Daniya Vincent V'],
      ["mary o'brien", "Mary O'Brien"],
      ['José Álvarez', 'José Álvarez'],
      ['   ', null],
    ];
    for (const [raw, name] of table) expect(authorName(raw), raw).toBe(name);
    expect(authorNames(['Vinit @maxinovip.com', 'vinit', 'Admin', 'Mary John'])).toEqual(['Vinit', 'Mary John']);
    // Every sample record's byline: no "@", no address, no account.
    for (const base of [SITE_DIR, VARIANTS_DIR, path.join(SITE_DIR, '..', 'news')]) {
      for (const file of discoverRecords(base).files) {
        const r = read(base, file);
        if (r.ok && 'record' in r) for (const a of r.record.authors) expect(a, file).not.toMatch(/@|^admin$/i);
      }
    }
  });

  it('excerpts lose their "Read on …" trailers and log-in or cookie text, and keep the words', () => {
    const table: [string, string | null][] = [
      ['Explore hospital bed use based on projected deathsRead on covid19.healthdata.org', 'Explore hospital bed use based on projected deaths'],
      ['Prepared by the CDC.Read on cdc.gov', 'Prepared by the CDC.'],
      ['A model of care.Listen on', 'A model of care.'],
      ['A study of telehealth. Read on Healthcare IT News', 'A study of telehealth.'],
      ['A study of telehealth. Read more »', 'A study of telehealth.'],
      ['A new tool - Read on healthweather.us…', 'A new tool'],
      ['The virus could spread on surfaces.', 'The virus could spread on surfaces.'],
      ['They read on their phones', 'They read on their phones'],
      ["Can't sign in? Forgot your password?", null],
      ["Can't sign in? Forgot your password? Enter your email address to reset it.", null],
      ['We use cookies to improve your experience. A new study shows telehealth works.', 'A new study shows telehealth works.'],
      ['Please enable JavaScript to view this page.', null],
      ['Q&amp;A with the CMIO&hellip;', 'Q&A with the CMIO…'],
      ['', null],
    ];
    for (const [raw, clean] of table) expect(cleanExcerpt(raw), raw).toBe(clean);
    // Hostile lengths end (the patterns are anchored; no backtracking blow-up).
    const trailers = `${'Read on '.repeat(20_000)}x`;
    expect(cleanExcerpt(trailers)!.length).toBeLessThan(trailers.length);
    expect(cleanExcerpt(`${'a '.repeat(50_000)}Read on example.org`)).toMatch(/a$/);
  });

  it('one display name per publisher: the editors\' map, else what most records say, else the host', () => {
    expect(publisherClaim("Becker's Hospital Review - Healthcare News", 'beckershospitalreview.com')).toBe("Becker's Hospital Review");
    expect(publisherClaim('Health IT - HealthLeaders Media', 'healthleadersmedia.com')).toBe('HealthLeaders Media');
    expect(publisherClaim('33 Charts', '33charts.com')).toBe('33 Charts');
    expect(publisherClaim('AMIA In The News', 'amia.org')).toBe('AMIA In The News');
    expect(publisherClaim('the Guardian', 'theguardian.com')).toBe('The Guardian');
    expect(publisherClaim('MobiHealthNews RSS Feed', 'mobihealthnews.com')).toBe('MobiHealthNews');
    expect(publisherClaim('womenshealth.gov', 'womenshealth.gov')).toBe('womenshealth.gov');
    expect(publisherClaim('  ', 'x.org')).toBeNull();

    const { names, problems } = parsePublisherNames(
      [
        '# host: the name readers see',
        "beckershospitalreview.com: Becker's Hospital Review",
        'www.healthcareitnews.com: Healthcare IT News',
        'not a host: Something',
        'hitconsultant.net:',
        "beckershospitalreview.com': again",
      ].join('\n'),
    );
    expect([...names]).toEqual([
      ['beckershospitalreview.com', "Becker's Hospital Review"],
      ['healthcareitnews.com', 'Healthcare IT News'],
    ]);
    expect(problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ['error', 'publisher-name', 4],
      ['error', 'publisher-name', 5],
      ['error', 'publisher-name', 6],
    ]);
    expect(parsePublisherNames('a: [unclosed').problems[0]).toMatchObject({ code: 'publisher-name', line: expect.any(Number) });
    expect(parsePublisherNames('').names.size).toBe(0);

    expect(publisherDisplayName('www.beckershospitalreview.com', ['Becker’s', null], names)).toBe("Becker's Hospital Review");
    expect(publisherDisplayName('33charts.com', ['33 Charts', '33 Charts', 'Other'], names)).toBe('33 Charts');
    expect(publisherDisplayName('example.org', [null, null], names)).toBe('example.org');
    // The bundled map reads clean; no file is an empty map.
    const bundled = readPublisherNames(path.join(ROOT, 'content'));
    expect(bundled.problems).toEqual([]);
    expect(bundled.names.get('who.int')).toBe('World Health Organization');
    expect(readPublisherNames(tempDir('no-publishers')).names.size).toBe(0);
  });
});

describe('the site through the ingest', () => {
  it('publishes every record of every kind (the duplicate merged, the kinds not published named), with their kinds', async () => {
    const db = path.join(tempDir('site'), 'site.db');
    const summary = await updateStore({ contentDir: SITE_DIR, databasePath: db, mediaDir: path.join(tempDir('site-media'), 'media'), skipInvalid: true });
    expect(summary.published).toBe(true);
    expect(summary.full).toMatchObject({ records: 22, kinds: { article: 10, event: 4, infographic: 3, post: 3, report: 2 }, profiles: 1 });
    // The summary names each kind as readers would count it.
    const line = ingestSummary(summary, { skipInvalid: true, storeFile: db }).lines.out.join('\n');
    for (const count of ['10 articles', '4 events', '3 infographics', '3 posts', '2 reports', '3 left out']) expect(line).toContain(count);
    // The second "-ihme" is the same article: one item, with a warning. Two institutions and an award are left out, named.
    expect(summary.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const notPublished = summary.diagnostics.filter((d) => d.code === 'same-article' || d.code === 'kind-not-published').map((d) => [d.code, d.file]);
    expect(notPublished).toEqual(
      expect.arrayContaining([
        ['same-article', 'duplicates/e94ed35e-12d8-5138-af5e-bd1f5ed3f0ed.md'],
        ['kind-not-published', 'institutions/1bios-inc.md'],
        ['kind-not-published', 'institutions/alabama-andalusia-health-10036.md'],
        ['kind-not-published', 'awards/abm-campaign-of-the-year.md'],
      ]),
    );
  });
});
