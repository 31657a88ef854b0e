import { upcomingCalendarResponse } from '@/lib/site/calendar';

export const dynamic = 'force-dynamic';

export async function GET() {
  return upcomingCalendarResponse();
}
