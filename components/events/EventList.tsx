import PlainLink from '@/components/navigation/PlainLink';
import type { EventCard } from '@/lib/pages/events';
import { eventDatesText, eventPlaceText, eventStatusText } from '@/lib/site/events';
import { summaryText } from '@/lib/site/format';
import { routes } from '@/lib/urls/pages';

type Heading = 'h2' | 'h3';

/** When an event is, as a `<time>` of its start (the text says its whole span). */
export function EventWhen({ card }: { card: Pick<EventCard, 'event'> }) {
  const text = eventDatesText(card.event);
  return text && card.event.start ? <time dateTime={card.event.start}>{text}</time> : <span>Date to be announced</span>;
}

/** The status word of an event, marked when it is cancelled. */
export function EventStatus({ card }: { card: Pick<EventCard, 'when' | 'cancelled'> }) {
  return <span className={card.cancelled ? 'event-status event-status--cancelled' : `event-status event-status--${card.when}`}>{eventStatusText(card)}</span>;
}

/** Events as a list: title, status, dates and place; `summaries` adds the editor's summary. */
export function EventList({ events, heading, summaries = false }: { events: EventCard[]; heading: Heading; summaries?: boolean }) {
  const Title = heading;
  return (
    <ol className="events">
      {events.map((card) => {
        const place = eventPlaceText(card.event);
        return (
          <li key={card.item.slug} className={card.cancelled ? 'event event--cancelled' : 'event'}>
            <Title className="event__title">
              <PlainLink href={routes.news(card.item.slug)}>{card.item.title}</PlainLink>
            </Title>
            <p className="event__meta">
              <EventStatus card={card} /> <EventWhen card={card} />
              {place ? <span className="event__place">{place}</span> : null}
            </p>
            {summaries && card.item.description ? <p className="event__summary clamp">{summaryText(card.item.description)}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
