/**
 * Videos on YouTube and Vimeo, from the addresses records give them by: what the page
 * needs for a player that loads nothing from those sites until the reader asks (the
 * provider's id, an embed address, a thumbnail known without fetching anything) and for
 * VideoObject structured data. Every address is taken apart with URL, never matched as
 * text: a hostile record cannot smuggle a different host through.
 */

export type VideoProvider = 'youtube' | 'vimeo';

export interface VideoDetails {
  provider: VideoProvider;
  /** The provider's id of the video: 11 characters on YouTube, digits on Vimeo. */
  id: string;
  /** The video's own page, in the provider's one form (`https://www.youtube.com/watch?v=<id>`). */
  url: string;
  /** The player to load in an iframe when the reader asks (YouTube's privacy-enhanced domain), with the start and end. */
  embedUrl: string;
  /** A still of the video, when the provider's address for it is known without asking (YouTube's i.ytimg.com); else null. */
  thumbnailUrl: string | null;
  /** Where to start and stop playing, in seconds (`?t=1m30s`, `start=`, `end=`), when the address says. */
  start: number | null;
  end: number | null;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com', 'youtu.be']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'player.vimeo.com']);

/** The video an address names, or null when it names none (another site, a channel, a playlist alone). */
export function videoAt(address: string): VideoDetails | null {
  let url: URL;
  try {
    url = new URL(address.trim().startsWith('//') ? `https:${address.trim()}` : address.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean);
  if (YOUTUBE_HOSTS.has(host)) {
    let id: string | undefined;
    if (host === 'youtu.be') id = segments[0];
    else if (segments[0] === 'watch' || segments.length === 0) id = url.searchParams.get('v') ?? undefined;
    else if (['embed', 'v', 'shorts', 'live', 'e'].includes(segments[0]!)) id = segments[1];
    if (!id || !YOUTUBE_ID.test(id)) return null;
    return youtube(id, seconds(url.searchParams.get('start') ?? url.searchParams.get('t') ?? hashTime(url.hash)), seconds(url.searchParams.get('end')));
  }
  if (VIMEO_HOSTS.has(host)) {
    // vimeo.com/<id>, /<id>/<hash>, /channels/<name>/<id>, /groups/<name>/videos/<id>, /showcase/<n>/video/<id>; player.vimeo.com/video/<id>
    const at = segments.findIndex((s) => /^\d{3,12}$/.test(s));
    if (at < 0) return null;
    const id = segments[at]!;
    const hash = url.searchParams.get('h') ?? (segments[at + 1] && /^[0-9a-f]{6,20}$/i.test(segments[at + 1]!) ? segments[at + 1]! : null);
    return vimeo(id, hash, seconds(hashTime(url.hash)));
  }
  return null;
}

function youtube(id: string, start: number | null, end: number | null): VideoDetails {
  const params = new URLSearchParams();
  if (start) params.set('start', String(start));
  if (end && (!start || end > start)) params.set('end', String(end));
  const query = params.toString() ? `?${params.toString()}` : '';
  return {
    provider: 'youtube',
    id,
    url: `https://www.youtube.com/watch?v=${id}${start ? `&t=${start}s` : ''}`,
    embedUrl: `https://www.youtube-nocookie.com/embed/${id}${query}`,
    thumbnailUrl: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
    start,
    end: end && (!start || end > start) ? end : null,
  };
}

function vimeo(id: string, hash: string | null, start: number | null): VideoDetails {
  return {
    provider: 'vimeo',
    id,
    url: `https://vimeo.com/${id}${hash ? `/${hash}` : ''}`,
    embedUrl: `https://player.vimeo.com/video/${id}${hash ? `?h=${hash}` : ''}${start ? `#t=${start}s` : ''}`,
    // Vimeo tells a still's address only through its API: none without asking.
    thumbnailUrl: null,
    start,
    end: null,
  };
}

/** `#t=90` → `90` */
function hashTime(hash: string): string | null {
  return /^#t=([\dhms]+)$/.exec(hash)?.[1] ?? null;
}

/** `90`, `90s`, `1m30s`, `1h2m3s` → seconds; null for anything else or zero. */
function seconds(value: string | null): number | null {
  if (!value) return null;
  const m = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/.exec(value.trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  const total = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return total > 0 ? total : null;
}

/** The first of `addresses` that names a video (text values only; lists are looked through). */
export function firstVideo(addresses: unknown[]): VideoDetails | null {
  for (const value of addresses) {
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (typeof candidate !== 'string' || candidate.length > 2000) continue;
      const video = videoAt(candidate);
      if (video) return video;
    }
  }
  return null;
}
