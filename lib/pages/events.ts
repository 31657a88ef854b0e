import { cache } from 'react';
import { eventTiming, type EventDetails, type EventTiming } from '../content/event';
import type { Prisma } from '../generated/prisma/client';
import { store } from '../store/connection';
import { pageNumber, paging, PAGE_SIZE, type Paging } from './paging';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';

/**
 * Events (items of kind `event`): `/events`, the front page's upcoming events, an event's
 * calendar files. Whether an event is upcoming or past is decided by its dates at `now`,
 * when the page is rendered (lib/content/event.ts eventTiming), never by Medigy's `status`.
 */

/** The event columns of an item (prisma/schema.prisma). */
export const eventSelect = {
  eventStart: true,
  eventEnd: true,
  eventAllDay: true,
  eventTimeZone: true,
  eventPlace: true,
  eventOnline: true,
  eventCancelled: true,
  eventRecordingUrl: true,
} satisfies Prisma.NewsItemSelect;

type EventColumns = Prisma.NewsItemGetPayload<{ select: typeof eventSelect }>;

/** An item's event, from its columns. */
export function eventOf(row: EventColumns): EventDetails {
  return {
    start: row.eventStart,
    end: row.eventEnd,
    allDay: row.eventAllDay,
    timeZone: row.eventTimeZone,
    place: row.eventPlace,
    online: row.eventOnline,
    cancelled: row.eventCancelled,
    recordingUrl: row.eventRecordingUrl,
  };
}

/** Where an event stands at a moment: when it is by its dates (`when`), cancelled or not. */
export interface EventState {
  event: EventDetails;
  /** By its dates alone: a cancelled event is still upcoming or past. */
  when: Exclude<EventTiming, 'cancelled'>;
  cancelled: boolean;
}

export function eventState(event: EventDetails, now: number): EventState {
  return { event, when: eventTiming({ ...event, cancelled: false }, now) as EventState['when'], cancelled: event.cancelled };
}

/** An event on a listing: its card and its event. */
export interface EventCard extends EventState {
  item: NewsSummary;
}

export interface EventsPage {
  /** Upcoming and under way, soonest first. */
  upcoming: EventCard[];
  /** Past, newest first. */
  past: EventCard[];
  /** Events that give no date yet (newest published first): neither upcoming nor past. */
  unscheduled: EventCard[];
  paging: Paging;
}

/** An event's first moment, for ordering (a day: its midnight in UTC); null without a date. */
function startsAt(event: EventDetails): number | null {
  return event.start === null ? null : Date.parse(event.start.length === 10 ? `${event.start}T00:00:00Z` : event.start);
}

interface EventEntry extends EventState {
  id: number;
  date: Date;
}

/**
 * Every event in the order `/events` lists them: upcoming and under way soonest first,
 * then past newest first, then those with no date (newest published first). Events are
 * few beside news (Medigy published 66): their columns are read whole and ordered here,
 * by the clock, then only a page's cards are read.
 */
function orderedEvents(now: number): Promise<EventEntry[]> {
  return store()
    .newsItem.findMany({ where: { kind: 'event' }, select: { id: true, date: true, ...eventSelect } })
    .then((rows) => {
      const entries = rows.map((r) => ({ id: r.id, date: r.date, ...eventState(eventOf(r), now) }));
      const rank = (e: EventEntry) => (e.when === 'upcoming' || e.when === 'ongoing' ? 0 : e.when === 'past' ? 1 : 2);
      return entries.sort((a, b) => {
        const byRank = rank(a) - rank(b);
        if (byRank) return byRank;
        const sa = startsAt(a.event);
        const sb = startsAt(b.event);
        if (rank(a) === 0) return sa! - sb! || a.id - b.id;
        if (rank(a) === 1) return sb! - sa! || a.id - b.id;
        return b.date.getTime() - a.date.getTime() || a.id - b.id;
      });
    });
}

const isAhead = (e: EventState) => e.when === 'upcoming' || e.when === 'ongoing';

async function cardsOf(entries: EventEntry[]): Promise<EventCard[]> {
  const rows = await store().newsItem.findMany({ where: { id: { in: entries.map((e) => e.id) } }, select: newsSummarySelect });
  const cards = new Map((await newsCards(rows)).map((c) => [c.id, c]));
  return entries.flatMap(({ id, date: _date, ...state }) => {
    const item = cards.get(id);
    return item ? [{ item, ...state }] : [];
  });
}

/** `/events`: null when the page does not exist. */
async function readEventsPage(pageParam: string | string[] | undefined, now = Date.now()): Promise<EventsPage | null> {
  const page = pageNumber(pageParam);
  if (page === null) return null;
  const all = await orderedEvents(now);
  const p = paging(page, all.length);
  if (!p) return null;
  const cards = await cardsOf(all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE));
  return { upcoming: cards.filter(isAhead), past: cards.filter((c) => c.when === 'past'), unscheduled: cards.filter((c) => c.when === 'unscheduled'), paging: p };
}

/** The soonest upcoming events (under way too), those not cancelled first: the front page's block. */
export async function upcomingEvents(limit: number, now = Date.now()): Promise<EventCard[]> {
  const ahead = (await orderedEvents(now)).filter(isAhead);
  const chosen = [...ahead.filter((e) => !e.cancelled), ...ahead.filter((e) => e.cancelled)].slice(0, limit);
  return cardsOf(chosen);
}

/** What a calendar file says of an event. */
export interface CalendarEvent {
  id: number;
  slug: string;
  title: string;
  description: string | null;
  url: string;
  /** When the item was last changed: the calendar entry's version. */
  changed: Date;
  event: EventDetails;
}

const calendarSelect = { id: true, slug: true, title: true, description: true, url: true, date: true, lastMod: true, ...eventSelect } satisfies Prisma.NewsItemSelect;

function calendarEventOf(r: Prisma.NewsItemGetPayload<{ select: typeof calendarSelect }>): CalendarEvent {
  return { id: r.id, slug: r.slug, title: r.title, description: r.description, url: r.url, changed: r.lastMod ?? r.date, event: eventOf(r) };
}

/** One event's calendar entry, by its item's slug; null when there is no such event or it has no date. */
export async function eventCalendar(slug: string): Promise<CalendarEvent | null> {
  const row = await store().newsItem.findUnique({ where: { slug }, select: { kind: true, ...calendarSelect } });
  return row && row.kind === 'event' && row.eventStart !== null ? calendarEventOf(row) : null;
}

/** Every upcoming event's (and under way), soonest first, cancelled ones included (a calendar learns of the cancellation). */
export async function upcomingCalendar(now = Date.now()): Promise<CalendarEvent[]> {
  const ids = (await orderedEvents(now)).filter(isAhead).map((e) => e.id);
  const rows = await store().newsItem.findMany({ where: { id: { in: ids } }, select: calendarSelect });
  const byId = new Map(rows.map((r) => [r.id, calendarEventOf(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const eventsPage = cache(readEventsPage);
