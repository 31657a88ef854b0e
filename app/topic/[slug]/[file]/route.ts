import { feedResponse } from '@/lib/site/feeds';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; file: string }> }) {
  const { slug, file } = await params;
  return feedResponse({ kind: 'topic', slug }, file);
}
