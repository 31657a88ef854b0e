import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { eventsPage, upcomingEvents } from '../../lib/pages/events';
import { homePage } from '../../lib/pages/home';
import { newsItemPage } from '../../lib/pages/news';
import { sitemapEntries } from '../../lib/pages/sitemap';
import { CALENDAR_CONTENT_TYPE, eventCalendarResponse, upcomingCalendarResponse } from '../../lib/site/calendar';
import { eventJsonLd } from '../../lib/site/structured-data';
import { routes } from '../../lib/urls/pages';
import { recordText, SITE_DIR, tempDir } from '../support/helpers';

/**
 * Events through the real ingest into a real SQLite file: Medigy's sample events (all
 * past by now, whatever their stale `status` says) and events written here with dates
 * relative to now, read back as /events, an item page, JSON-LD and calendar files.
 */

const DAY = 86_400_000;
const NOW = Date.now();
const day = (offset: number) => new Date(NOW + offset * DAY).toISOString().slice(0, 10);
const moment = (offset: number, time: string) => `${day(offset)}T${time}:00.000Z`;

interface Written {
  slug: string;
  fields: Record<string, string>;
}

const LONG_DESCRIPTION = `A congress on digital health in Catalonia, with sessions on télésanté, interoperability and the patient's record — ${'the programme runs long; '.repeat(6)}`.trim();

/** The events written here, each a case of the class: a time zone, days, cancelled, online, past with a recording. */
const WRITTEN: Written[] = [
  {
    slug: 'upcoming-in-kolkata',
    // 14:30 UTC is 20:00 in Kolkata (UTC+05:30 all year, no daylight saving).
    fields: { date: `'${moment(10, '14:30')}'`, eventEndDate: `'${moment(10, '16:00')}'`, timeZone: 'Asia/Kolkata', openProjectCustomFields: '\n  location: Kolkata Convention Centre, Kolkata', description: JSON.stringify(LONG_DESCRIPTION) },
  },
  { slug: 'upcoming-three-days', fields: { date: `'${day(20)}'`, eventEndDate: `'${day(22)}'`, openProjectCustomFields: '\n  location: Palau De Congressos, Barcelona' } },
  { slug: 'upcoming-cancelled', fields: { date: `'${day(5)}'`, eventEndDate: `'${day(5)}'`, openProjectCustomFields: '\n  location: Hotel Arts, Barcelona\n  eventCancelled: t', status: 'upcoming' } },
  { slug: 'upcoming-online', fields: { date: `'${moment(15, '09:00')}'`, eventEndDate: `'${moment(15, '10:00')}'`, openProjectCustomFields: '\n  location: Online\n  onlineEvent: t' } },
  {
    slug: 'past-with-recording',
    fields: { date: `'${day(-30)}'`, eventEndDate: `'${day(-30)}'`, status: 'upcoming', openProjectCustomFields: '\n  location: Webinar\n  videoRecordingUrl: https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
  },
];

/** Medigy's samples: all before now; the one without a start date last. */
const SAMPLES_PAST = [
  'worldhospitalcongress-45th-world-hospital-congress', // 2021-12-05, "upcoming" to Medigy
  'eventbrite-a-brain-friendly-approach-to-managing-change-and-uncertainty-course', // 2020-05-14
  'traumanurses-traumacon-2020-23rd-annual-conference-of-the-society-of-trauma-nurses', // 2020-04-01, cancelled
];
const SAMPLE_UNDATED = 'eventbrite-the-senses-and-sensitivity-caring-for-women-in-pregnancy-and-childbirth';

function writeEvent(dir: string, w: Written) {
  fs.writeFileSync(
    path.join(dir, `${w.slug}.md`),
    recordText({
      archetype: 'event',
      title: `Event ${w.slug}`,
      slug: w.slug,
      publishDate: `'${day(-60)}'`,
      link: `\n  brand: events.example\n  href: https://events.example/${w.slug}`,
      ...w.fields,
    }),
  );
}

let contentDir: string;
let dbFile: string;
const previousUrl = process.env.DATABASE_URL;

async function ingest(options: { full?: boolean; databasePath?: string } = {}) {
  const summary = await updateStore({ contentDir, databasePath: options.databasePath ?? dbFile, full: options.full, purgeUrls: [] });
  expect(summary.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(summary.published).toBe(true);
  return summary;
}

beforeAll(async () => {
  contentDir = tempDir('events-content');
  fs.cpSync(path.join(SITE_DIR, 'events'), path.join(contentDir, 'events'), { recursive: true });
  for (const w of WRITTEN) writeEvent(contentDir, w);
  dbFile = path.join(tempDir('events'), 'site.db');
  process.env.DATABASE_URL = `file:${dbFile}`;
  const summary = await ingest({ full: true });
  expect(summary.full?.kinds).toEqual({ event: 9 });
}, 60_000);

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

/** A calendar's lines, unfolded (RFC 5545 §3.1), and its physical lines. */
function parseCalendar(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.split('\r\n').slice(0, -1);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').slice(0, -1);
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      // The property with its parameters (`DTSTART;TZID=Asia/Kolkata`) → its value.
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return { physical, lines, events };
}

const prop = (event: Map<string, string>, name: string) => [...event].find(([k]) => k === name || k.startsWith(`${name};`));
const compact = (d: string) => d.replace(/-/g, '');

describe('/events', () => {
  it('lists upcoming events soonest first, then past ones newest first, by the date now; cancelled marked; undated last', async () => {
    const page = (await eventsPage(undefined))!;
    expect(page.upcoming.map((c) => c.item.slug)).toEqual(['upcoming-cancelled', 'upcoming-in-kolkata', 'upcoming-online', 'upcoming-three-days']);
    expect(page.past.map((c) => c.item.slug)).toEqual(['past-with-recording', ...SAMPLES_PAST]);
    // An event with no date is neither upcoming nor past: listed last, on its own.
    expect(page.unscheduled.map((c) => c.item.slug)).toEqual([SAMPLE_UNDATED]);
    const cancelled = Object.fromEntries([...page.upcoming, ...page.past].map((c) => [c.item.slug, c.cancelled]));
    expect(Object.entries(cancelled).filter(([, c]) => c).map(([s]) => s).sort()).toEqual(['traumanurses-traumacon-2020-23rd-annual-conference-of-the-society-of-trauma-nurses', 'upcoming-cancelled']);
    // Medigy's "upcoming" of 2021 and the writer's `status: upcoming` say nothing: the date does.
    expect(page.past.find((c) => c.item.slug === SAMPLES_PAST[0])!.when).toBe('past');
    expect(page.paging).toEqual({ page: 1, pageCount: 1, total: 9 });
    expect(await eventsPage('2')).toBeNull();
  });

  it('puts the soonest upcoming events on the front page, the cancelled one after those that take place', async () => {
    expect((await upcomingEvents(3)).map((c) => c.item.slug)).toEqual(['upcoming-in-kolkata', 'upcoming-online', 'upcoming-three-days']);
    const home = await homePage();
    expect(home.events.map((c) => c.item.slug)).toEqual(['upcoming-in-kolkata', 'upcoming-online', 'upcoming-three-days', 'upcoming-cancelled']);
    // Events dated weeks ahead are not the newest news: they stand in their own block only.
    expect([home.lead, ...home.topStories].filter((s) => s?.kind === 'event')).toEqual([]);
  });

  it('is in the sitemap of pages', async () => {
    expect((await sitemapEntries('pages'))!.map((e) => e.path)).toContain(routes.events());
  });
});

describe("an event's page", () => {
  it('has its dates, time zone, place, status and recording', async () => {
    const kolkata = (await newsItemPage('upcoming-in-kolkata'))!;
    expect(kolkata.event).toEqual({
      event: { start: moment(10, '14:30'), end: moment(10, '16:00'), allDay: false, timeZone: 'Asia/Kolkata', place: 'Kolkata Convention Centre, Kolkata', online: null, cancelled: false, recordingUrl: null },
      when: 'upcoming',
      cancelled: false,
    });
    const recorded = (await newsItemPage('past-with-recording'))!;
    expect(recorded.event).toMatchObject({ event: { start: day(-30), allDay: true, place: null, online: true, recordingUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, when: 'past' });
    expect((await newsItemPage('upcoming-cancelled'))!.event).toMatchObject({ when: 'upcoming', cancelled: true });
    // An event with no start date: unscheduled, never past or upcoming.
    expect((await newsItemPage(SAMPLE_UNDATED))!.event).toMatchObject({ event: { start: null }, when: 'unscheduled' });
  });

  it('says it is an Event in JSON-LD: dates, status, attendance mode, location', async () => {
    const ld = async (slug: string) => {
      const item = (await newsItemPage(slug))!;
      return eventJsonLd({ ...item, image: null, event: item.event!.event });
    };
    expect(await ld('upcoming-in-kolkata')).toMatchObject({
      '@type': 'Event',
      name: 'Event upcoming-in-kolkata',
      startDate: moment(10, '14:30'),
      endDate: moment(10, '16:00'),
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place', name: 'Kolkata Convention Centre, Kolkata' },
    });
    expect(await ld('upcoming-online')).toMatchObject({ eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode', location: { '@type': 'VirtualLocation', url: 'https://events.example/upcoming-online' } });
    expect(await ld('upcoming-cancelled')).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled', startDate: day(5) });
    // No start date: no Event (search engines require one).
    expect(await ld(SAMPLE_UNDATED)).toBeNull();
  });
});

describe('calendar files', () => {
  async function calendarOf(response: Promise<Response>) {
    const r = await response;
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(CALENDAR_CONTENT_TYPE);
    return parseCalendar(await r.text());
  }

  it('writes RFC 5545: DATE values for all-day events, local time with TZID and its VTIMEZONE, CANCELLED, URL, LOCATION, lines folded within 75 octets', async () => {
    const kolkata = await calendarOf(eventCalendarResponse('upcoming-in-kolkata.ics'));
    expect(kolkata.events).toHaveLength(1);
    const k = kolkata.events[0]!;
    expect(prop(k, 'DTSTART')).toEqual(['DTSTART;TZID=Asia/Kolkata', `${compact(day(10))}T200000`]);
    expect(prop(k, 'DTEND')).toEqual(['DTEND;TZID=Asia/Kolkata', `${compact(day(10))}T213000`]);
    expect(kolkata.lines).toContain('BEGIN:VTIMEZONE');
    expect(kolkata.lines).toContain('TZID:Asia/Kolkata');
    expect(prop(k, 'LOCATION')?.[1]).toBe('Kolkata Convention Centre\\, Kolkata');
    expect(prop(k, 'URL')?.[1]).toBe('https://events.example/upcoming-in-kolkata');
    expect(prop(k, 'STATUS')?.[1]).toBe('CONFIRMED');
    expect(prop(k, 'DTSTAMP')?.[1]).toMatch(/^\d{8}T\d{6}Z$/);
    // The long description is folded, and every physical line is at most 75 octets.
    expect(kolkata.physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of kolkata.physical) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(prop(k, 'DESCRIPTION')?.[1]).toContain('télésanté');

    const days = (await calendarOf(eventCalendarResponse('upcoming-three-days.ics'))).events[0]!;
    expect(prop(days, 'DTSTART')).toEqual(['DTSTART;VALUE=DATE', compact(day(20))]);
    // DTEND is the day after the last (RFC 5545 §3.6.1).
    expect(prop(days, 'DTEND')).toEqual(['DTEND;VALUE=DATE', compact(day(23))]);

    const cancelled = (await calendarOf(eventCalendarResponse('upcoming-cancelled.ics'))).events[0]!;
    expect(prop(cancelled, 'STATUS')?.[1]).toBe('CANCELLED');
    const online = (await calendarOf(eventCalendarResponse('upcoming-online.ics'))).events[0]!;
    expect(prop(online, 'DTSTART')).toEqual(['DTSTART', `${compact(day(15))}T090000Z`]);
    expect(prop(online, 'LOCATION')?.[1]).toBe('Online');
  });

  it('has no file for an undated event, a news item or a name without .ics', async () => {
    for (const file of [`${SAMPLE_UNDATED}.ics`, 'no-such-event.ics', 'upcoming-online', 'upcoming-online.ics.txt']) expect((await eventCalendarResponse(file)).status, file).toBe(404);
  });

  it('/events.ics holds every upcoming event (cancelled ones as CANCELLED), each with the UID of its own file, the same after another ingest', async () => {
    const all = await calendarOf(upcomingCalendarResponse());
    const uids = new Map(all.events.map((e) => [prop(e, 'SUMMARY')![1].replace('Event ', ''), prop(e, 'UID')![1]]));
    expect([...uids.keys()]).toEqual(['upcoming-cancelled', 'upcoming-in-kolkata', 'upcoming-online', 'upcoming-three-days']);
    expect(new Set(uids.values()).size).toBe(4);
    for (const [slug, uid] of uids) expect(prop((await calendarOf(eventCalendarResponse(`${slug}.ics`))).events[0]!, 'UID')?.[1]).toBe(uid);
    // A store built anew from the same files: the same calendar, byte for byte.
    const before = await (await upcomingCalendarResponse()).text();
    const rebuilt = path.join(tempDir('events-again'), 'site.db');
    await ingest({ full: true, databasePath: rebuilt });
    process.env.DATABASE_URL = `file:${rebuilt}`;
    try {
      expect(await (await upcomingCalendarResponse()).text()).toBe(before);
    } finally {
      process.env.DATABASE_URL = `file:${dbFile}`;
    }
  });
});

describe('an incremental ingest', () => {
  it('moves an event whose date an editor changes to before now from upcoming to past', async () => {
    writeEvent(contentDir, { slug: 'upcoming-online', fields: { date: `'${moment(-3, '09:00')}'`, eventEndDate: `'${moment(-3, '10:00')}'`, openProjectCustomFields: '\n  location: Online' } });
    const summary = await ingest();
    expect(summary.full).toBeFalsy();
    const page = (await eventsPage(undefined))!;
    expect(page.upcoming.map((c) => c.item.slug)).toEqual(['upcoming-cancelled', 'upcoming-in-kolkata', 'upcoming-three-days']);
    expect(page.past.map((c) => c.item.slug).slice(0, 2)).toEqual(['upcoming-online', 'past-with-recording']);
    const calendar = await (await upcomingCalendarResponse()).text();
    expect(calendar).not.toContain('upcoming-online');
  });
});
