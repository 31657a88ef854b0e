import ical, { ICalEventStatus, type ICalEventData } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { eventCalendar, upcomingCalendar, type CalendarEvent } from '../pages/events';
import { absoluteUrl, siteName, siteUrl } from './config';
import { eventPlaceText } from './events';
import { routes } from '../urls/pages';

/**
 * Calendar files (RFC 5545, written by ical-generator) of one event (`/events/<slug>.ics`)
 * and of every upcoming one (`/events.ics`). Each event's UID is its item's slug at the
 * site's host, the same in every file and after every ingest, so that a calendar app
 * updates the entry it has rather than adding another; DTSTAMP is when the item last
 * changed, so an unchanged store gives the same file. All-day events are DATE values
 * (their DTEND the day after the last, as RFC 5545 counts); an event in a named time
 * zone is written in its local time with TZID and the zone's VTIMEZONE; any other in UTC.
 */

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** A day (`2020-04-03`) as the Date ical-generator writes as that DATE (it reads a Date's local fields for days). */
function dayValue(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as the Date whose local fields are its wall-clock time in `zone`: what
 * ical-generator writes after `TZID=` (it assumes a time given with a zone is that zone's
 * local time). Null when this process's own zone cannot hold that time (a gap of its
 * daylight saving time): the moment is then written in UTC.
 */
function wallClock(moment: string, zone: string): Date | null {
  let f = wallClocks.get(zone);
  if (!f) wallClocks.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })));
  const parts = Object.fromEntries(f.formatToParts(new Date(moment)).map((p) => [p.type, Number(p.value)]));
  const local = new Date(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local.getHours() === parts.hour && local.getMinutes() === parts.minute ? local : null;
}

function host(): string {
  return new URL(siteUrl()).hostname;
}

/** One event's entry; null for an event with no date (a calendar cannot hold it). */
function entry(c: CalendarEvent): ICalEventData | null {
  const e = c.event;
  if (!e.start) return null;
  const page = absoluteUrl(routes.news(c.slug));
  const common: Omit<ICalEventData, 'start'> = {
    id: `${c.slug}@${host()}`,
    stamp: c.changed,
    lastModified: c.changed,
    summary: c.title,
    description: [c.description, e.recordingUrl ? `Recording: ${e.recordingUrl}` : null, page].filter(Boolean).join('\n\n'),
    url: c.url,
    location: eventPlaceText(e),
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
  if (e.allDay) {
    const start = e.start.slice(0, 10);
    const last = (e.end ?? e.start).slice(0, 10);
    return { ...common, allDay: true, start: dayValue(start), end: dayValue(last, 1) };
  }
  if (e.timeZone) {
    const start = wallClock(e.start, e.timeZone);
    const end = e.end ? wallClock(e.end, e.timeZone) : null;
    if (start && (end || !e.end)) return { ...common, timezone: e.timeZone, start, end };
  }
  return { ...common, start: new Date(e.start), end: e.end ? new Date(e.end) : null };
}

/** The text of a calendar of these events. */
export function calendarText(name: string, events: CalendarEvent[]): string {
  const calendar = ical({ name, prodId: { company: siteName(), product: 'events', language: 'EN' } });
  // A VTIMEZONE for each zone an event names (RFC 5545 §3.6.5).
  calendar.timezone({ name: null, generator: (zone) => tzlib_get_ical_block(zone)[0] ?? null });
  for (const c of events) {
    const data = entry(c);
    if (data) calendar.createEvent(data);
  }
  // Every content line ends with CRLF, the last one too (RFC 5545 §3.1); ical-generator leaves the last bare.
  return `${calendar.toString().replace(/\r?\n$/, '')}\r\n`;
}

const notFound = () => new Response('No such calendar\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The file name of an event's calendar (`<slug>.ics`, routes.eventCalendar): its slug, or null. */
export function calendarSlug(file: string): string | null {
  const m = /^(.+)\.ics$/.exec(file);
  return m ? m[1]! : null;
}

/** `/events/<slug>.ics`, by the file name. */
export async function eventCalendarResponse(file: string): Promise<Response> {
  const slug = calendarSlug(file);
  const event = slug === null ? null : await eventCalendar(slug);
  if (!event) return notFound();
  return new Response(calendarText(event.title, [event]), { headers: { 'Content-Type': CALENDAR_CONTENT_TYPE } });
}

/** `/events.ics`: every upcoming event. */
export async function upcomingCalendarResponse(): Promise<Response> {
  return new Response(calendarText(`${siteName()}: upcoming events`, await upcomingCalendar()), { headers: { 'Content-Type': CALENDAR_CONTENT_TYPE } });
}
