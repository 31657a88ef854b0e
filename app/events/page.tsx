import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EventList } from '@/components/events/EventList';
import { Breadcrumbs } from '@/components/navigation/Breadcrumbs';
import { Pagination } from '@/components/navigation/Pagination';
import { JsonLd } from '@/components/seo/JsonLd';
import { eventsPage } from '@/lib/pages/events';
import { pageMetadata } from '@/lib/site/metadata';
import { routes } from '@/lib/urls/pages';
import { breadcrumbList, collectionPage } from '@/lib/site/structured-data';

type Props = { searchParams: Promise<{ page?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const data = await eventsPage((await searchParams).page);
  if (!data) notFound();
  const page = data.paging.page;
  return pageMetadata({
    title: page > 1 ? `Events, page ${page}` : 'Events',
    description: `Digital-health events: upcoming first, soonest first, then past ones${page > 1 ? ` (page ${page} of ${data.paging.pageCount})` : ''}.`,
    path: routes.events(page),
  });
}

export default async function Events({ searchParams }: Props) {
  const data = await eventsPage((await searchParams).page);
  if (!data) notFound();
  const trail = [{ label: 'Home', href: routes.home() }, { label: 'Events', href: null }];
  const path = routes.events(data.paging.page);
  const shown = [...data.upcoming, ...data.past, ...data.unscheduled].map((c) => c.item);
  return (
    <>
      <JsonLd data={[breadcrumbList(trail, path), collectionPage('Events', path, shown)]} />
      <Breadcrumbs trail={trail} />
      <h1>Events</h1>
      <p className="muted">
        {data.paging.total.toLocaleString('en')} events, upcoming first. <a href={routes.eventsCalendar()}>Add the upcoming events to your calendar (.ics)</a>
      </p>
      {data.upcoming.length ? (
        <section aria-labelledby="upcoming">
          <h2 id="upcoming">Upcoming</h2>
          <EventList events={data.upcoming} heading="h3" summaries />
        </section>
      ) : data.paging.page === 1 ? (
        <p>No upcoming events at the moment.</p>
      ) : null}
      {data.past.length ? (
        <section aria-labelledby="past">
          <h2 id="past">Past events</h2>
          <EventList events={data.past} heading="h3" summaries />
        </section>
      ) : null}
      {data.unscheduled.length ? (
        <section aria-labelledby="unscheduled">
          <h2 id="unscheduled">Dates to be announced</h2>
          <EventList events={data.unscheduled} heading="h3" summaries />
        </section>
      ) : null}
      <Pagination paging={data.paging} href={(p) => routes.events(p)} />
    </>
  );
}
