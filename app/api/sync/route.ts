import crypto from 'node:crypto';
import { config } from '@/lib/config/env';
import { syncFromRemote } from '@/lib/curation/git';
import { json } from '@/lib/editor/http';

/**
 * A git host's webhook (or a deploy script) tells a reading node that the content
 * repository changed: `POST /api/sync` with `Authorization: Bearer <SYNC_SECRET>`. The
 * node pulls and applies the change (npm run sync). Closed (403) without SYNC_SECRET;
 * 401 for a wrong secret, compared in constant time; config refuses a SYNC_SECRET
 * shorter than 32 characters.
 */
export async function POST(request: Request) {
  const { syncSecret, contentDir, databaseFile, mediaDir } = config();
  if (!syncSecret) return json({ error: 'sync is closed: set SYNC_SECRET to open it' }, 403);
  // Digests of equal length compared in constant time: neither the secret nor its length shows in the timing.
  const digest = (v: string) => crypto.createHash('sha256').update(v).digest();
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!crypto.timingSafeEqual(digest(given), digest(syncSecret))) return json({ error: 'wrong or missing secret' }, 401);
  const result = await syncFromRemote({ contentDir, databasePath: databaseFile, mediaDir });
  if (!result.ok) return json({ error: result.reason }, 409);
  return json({ from: result.from, to: result.to, files: result.files, purged: result.store?.purge?.keys ?? 0 });
}
