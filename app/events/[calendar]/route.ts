import { eventCalendarResponse } from '@/lib/site/calendar';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ calendar: string }> }) {
  return eventCalendarResponse((await params).calendar);
}
