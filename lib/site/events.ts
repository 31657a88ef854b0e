import type { EventDetails } from '../content/event';
import type { EventState } from '../pages/events';

/**
 * How an event's facts read on cards and pages: its dates in its own time zone (an
 * all-day event as days), where it is, and whether it is upcoming, under way, past or
 * cancelled (decided by the date when the page is rendered: lib/pages/events.ts).
 */

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const momentFormats = new Map<string, Intl.DateTimeFormat>();

function momentFormat(timeZone: string): Intl.DateTimeFormat {
  let f = momentFormats.get(timeZone);
  if (!f) momentFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' })));
  return f;
}

const asDate = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value);

/** "Wed 1 – Fri 3 April 2020"; "Tue 5 March 2024, 14:30 – 16:00 GMT (Europe/London)"; null for an event with no date. */
export function eventDatesText(event: EventDetails): string | null {
  if (!event.start) return null;
  const start = asDate(event.start);
  const end = event.end ? asDate(event.end) : null;
  if (event.allDay) return end && end.getTime() !== start.getTime() ? dayFormat.formatRange(start, end) : dayFormat.format(start);
  const zone = event.timeZone ?? 'UTC';
  const f = momentFormat(zone);
  const text = end ? f.formatRange(start, end) : f.format(start);
  return event.timeZone ? `${text} (${event.timeZone})` : text;
}

/** Where: the place, "Online", or both; null when the record does not say. */
export function eventPlaceText(event: EventDetails): string | null {
  if (event.place) return event.online ? `${event.place}, and online` : event.place;
  return event.online ? 'Online' : null;
}

/** The event's status in a word or two, as a reader needs it now. */
export function eventStatusText(state: Pick<EventState, 'when' | 'cancelled'>): string {
  if (state.cancelled) return 'Cancelled';
  switch (state.when) {
    case 'upcoming':
      return 'Upcoming';
    case 'ongoing':
      return 'Under way';
    case 'past':
      return 'Past';
    default:
      return 'Date to be announced';
  }
}
