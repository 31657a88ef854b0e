import type { FieldWarning } from './problems';
import { dayOrMoment, emptyToNull, flag, textOrNull, webAddress } from './values';

/**
 * An event record's own facts, as Medigy's records give them: `date` is the start,
 * `eventEndDate` the end, and the curation tool's fields (`openProjectCustomFields`) say
 * where (`location`), whether it is online (`onlineEvent`), cancelled (`eventCancelled`)
 * and where its recording is (`videoRecordingUrl`). Medigy's `status` (upcoming, past)
 * was true when the site was exported: whether an event is past is decided when a page is
 * shown (`eventTiming`), never from it; only its word for a cancelled event is kept.
 */
export interface EventDetails {
  /**
   * The first day (`2020-05-14`) or moment (`2020-05-14T09:00:00.000Z`) of the event;
   * null when the record gives none (the item is then dated by when it was published).
   */
  start: string | null;
  /** The last day or moment; null when the record gives none (a one-day event), or an end before the start. */
  end: string | null;
  /** Whether `start` (and `end`) are days, not moments: an all-day event (`.ics` DATE values). */
  allDay: boolean;
  /** The IANA time zone of the event (`Europe/London`), when the record names one the site knows; else null (days and UTC moments). */
  timeZone: string | null;
  /** Where it takes place (`Palau De Congressos De Catalunya, Barcelona`); null when online only or not said. */
  place: string | null;
  /** Whether it is held online: true, false, or null when the record does not say. */
  online: boolean | null;
  /** Whether it was cancelled (`eventCancelled: t`, or `status: canceled`). */
  cancelled: boolean;
  /** The address of its recording, when there is one. */
  recordingUrl: string | null;
}

/** Words that say a place is no place: the event is online. */
const ONLINE_PLACE = /^(?:online(?: event| only)?|virtual(?: event)?|webinar|web ?conference|livestream|live stream|zoom(?: meeting)?|remote)$/i;
const ONLINE_WORD = /\b(?:online|virtual|webinar|livestream|zoom)\b/i;

/** Medigy's statuses of events: publication says nothing about them; only cancellation is a fact of the event. */
export const EVENT_STATUSES = new Set(['upcoming', 'past', 'ongoing', 'canceled', 'cancelled', 'postponed']);

/** An event's details from its front matter (after normalize's own reading of it). `warnings` receives what an editor should know. */
export function eventDetails(data: Record<string, unknown>, warnings: FieldWarning[]): EventDetails {
  const custom = (emptyToNull(data.openProjectCustomFields) ?? {}) as Record<string, unknown>;
  const field = (key: string) => data[key] ?? (typeof custom === 'object' ? custom[key] : undefined);

  const start = dayOrMoment(data.date);
  let end = start ? dayOrMoment(data.eventEndDate ?? field('endDate')) : null;
  if (!start) {
    // An end without a start is not an event's dates (Medigy fills `eventEndDate` with
    // the time the record was published when the editor gave none).
    warnings.push({ code: 'event-no-date', field: 'date', message: 'the event gives no start date (date); it is listed without dates, dated by when it was published' });
  } else if (end && end.ms < start.ms) {
    warnings.push({ code: 'event-date', field: 'eventEndDate', message: `the event ends (${end.text}) before it starts (${start.text}); the end is left out` });
    end = null;
  } else if (!end && !isBlankish(data.eventEndDate)) {
    warnings.push({ code: 'event-date', field: 'eventEndDate', message: `${JSON.stringify(String(data.eventEndDate)).slice(0, 60)} is not a date; the end is left out` });
  }
  const allDay = start ? start.allDay && (!end || end.allDay) : false;
  // A day end with a moment start, or the reverse: both as days, which both can be.
  const asDay = (t: { text: string }) => t.text.slice(0, 10);

  const zoneText = textOrNull(field('timeZone') ?? field('timezone') ?? field('eventTimeZone'));
  let timeZone: string | null = null;
  if (zoneText) {
    if (knownTimeZone(zoneText)) timeZone = zoneText;
    else warnings.push({ code: 'event-date', field: 'timeZone', message: `"${zoneText.slice(0, 60)}" is not a time zone this site knows (write one like "America/New_York"); the times are shown in UTC` });
  }

  let place = textOrNull(field('location') ?? field('eventLocation') ?? field('venue'));
  let online = flag(field('onlineEvent') ?? field('online'));
  if (place && ONLINE_PLACE.test(place)) {
    place = null;
    online ??= true;
  } else if (place && online === null && ONLINE_WORD.test(place)) {
    online = true;
  }
  const status = typeof data.status === 'string' ? data.status.trim().toLowerCase() : '';
  const cancelled = flag(field('eventCancelled')) === true || status === 'canceled' || status === 'cancelled';

  return {
    start: start ? (allDay ? asDay(start) : start.text) : null,
    end: end ? (allDay ? asDay(end) : end.text) : null,
    allDay,
    timeZone,
    place,
    online,
    cancelled,
    recordingUrl: webAddress(field('videoRecordingUrl') ?? field('recordingUrl')) ?? null,
  };
}

function isBlankish(value: unknown): boolean {
  const v = emptyToNull(value);
  return v === undefined || v === null || v === '';
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type EventTiming = 'upcoming' | 'ongoing' | 'past' | 'cancelled' | 'unscheduled';

const HOUR = 3_600_000;

/**
 * Whether an event is upcoming, under way or past at `now`, from its dates (never from
 * Medigy's stale `status`). A day without a time zone is the same day everywhere on
 * earth: it begins when it begins anywhere (UTC+14) and is over when it is over
 * everywhere (UTC−12), so an event is never called past while it is still on somewhere.
 */
export function eventTiming(event: EventDetails, now: number): EventTiming {
  if (event.cancelled) return 'cancelled';
  if (!event.start) return 'unscheduled';
  const dayBegins = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) - 14 * HOUR;
  const dayEnds = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + 36 * HOUR;
  const begins = event.start.length === 10 ? dayBegins(event.start) : Date.parse(event.start);
  // A moment with no end lasts the rest of its day.
  const ends = event.end ? (event.end.length === 10 ? dayEnds(event.end) : Date.parse(event.end)) : dayEnds(event.start);
  if (now < begins) return 'upcoming';
  return now < ends ? 'ongoing' : 'past';
}
