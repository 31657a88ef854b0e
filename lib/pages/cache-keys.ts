import { addressKind, canonicalAddress } from '../urls/addresses';
import { pageAt, splitFeedPath } from '../urls/pages';
import { cacheKey } from '../store/cache-keys';
import { routing } from '../store/queries/routing';
import { subjectIndexIfAny } from '../store/queries/subjects';

/**
 * The surrogate keys of a page (lib/store/cache-keys.ts): what it shows, so that a change
 * to any of it purges the page and nothing else. An item's page shows the item, its
 * related items, its source and offerings; a topic's (every page of it, and its feeds)
 * the topic; the listings of everything and the 404s, `lists`. Every page also has
 * `site`, for a rebuild from scratch. Point look-ups, run by proxy.ts before rendering.
 */
export function pageKeys(pathname: string): string[] {
  const keys = [cacheKey.site];
  const entity = (kind: 'topic' | 'offering' | 'source' | 'tag' | 'section', key: string, name: (id: number) => string) => {
    const id = routing.idOf(kind, key);
    if (id !== undefined) keys.push(name(id));
    else keys.push(cacheKey.lists);
  };
  const shape = pageAt(pathname);
  const key = shape?.key != null ? decode(shape.key) : '';
  switch (shape?.kind) {
    case 'news':
    case 'eventCalendar': {
      const shows = routing.itemShows(key);
      if (!shows) return [...keys, cacheKey.lists];
      keys.push(cacheKey.news(shows.id), ...shows.related.map(cacheKey.news), ...shows.offerings.map(cacheKey.offering));
      if (shows.sourceId !== null) keys.push(cacheKey.source(shows.sourceId));
      break;
    }
    case 'topic':
    case 'topicFeed': {
      entity('topic', key, cacheKey.topic);
      // A topic's page links the subject it is part of, with the subject's other topics.
      const id = routing.idOf('topic', key);
      const subject = id === undefined ? undefined : subjectIndexIfAny()?.byTopicId.get(id);
      if (subject?.slug) keys.push(...subject.topics.map((t) => cacheKey.topic(t.id)));
      break;
    }
    case 'subject': {
      // Its topics' items; and `lists`, which every change purges: a topic that comes to mean the same joins it.
      const subject = subjectIndexIfAny()?.bySlug.get(key);
      keys.push(...(subject?.topics.map((t) => cacheKey.topic(t.id)) ?? []), cacheKey.lists);
      break;
    }
    case 'offering':
    case 'offeringFeed':
      entity('offering', key, cacheKey.offering);
      // A profile lists the items of its topics too.
      keys.push(...routing.profileTopics(key).map(cacheKey.topic));
      break;
    case 'source':
      entity('source', key, cacheKey.source);
      break;
    case 'tag':
      entity('tag', key, cacheKey.tag);
      break;
    default: {
      // A section, or its feed (`/communities/pandemic/rss.xml`); anything else lists everything.
      const decoded = decode(pathname);
      const path = canonicalAddress(splitFeedPath(decoded)?.owner ?? decoded);
      const id = path !== null && addressKind(path) === 'section' ? routing.idOf('section', path) : undefined;
      keys.push(id !== undefined ? cacheKey.section(id) : cacheKey.lists);
    }
  }
  const unique = [...new Set(keys)];
  // A page that shows very many things (an item with hundreds of offerings, a profile of
  // hundreds of topics) would send headers past what Node (16 KiB) and Varnish (8 KiB a
  // header) accept: it names `lists` instead, which every change purges.
  return unique.length > MAX_PAGE_KEYS ? [cacheKey.site, cacheKey.lists] : unique;
}

/** At most this many keys a page: ~20 bytes each, in three headers, well inside every limit. */
export const MAX_PAGE_KEYS = 100;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
