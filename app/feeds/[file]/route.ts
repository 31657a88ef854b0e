import { feedResponse } from '@/lib/site/feeds';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  return feedResponse({ kind: 'site' }, (await params).file);
}
