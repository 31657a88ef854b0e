import type { KindParam } from '../urls/pages';

/** How each kind of item is named to readers, and what its outbound link says. */
const KINDS: Record<string, { label: string | null; action: string }> = {
  article: { label: null, action: 'Read the original' },
  video: { label: 'Video', action: 'Watch' },
  feed: { label: 'From the feeds', action: 'Read' },
  offering: { label: 'Offering', action: 'See the offering' },
  event: { label: 'Event', action: "See the event's page" },
  infographic: { label: 'Infographic', action: 'See the original' },
  post: { label: 'Post', action: 'Read the original' },
  report: { label: 'Report', action: 'Read the report' },
};

/** The label a card and a page show for an item's kind ("Video"), or null for articles. */
export function kindLabel(kind: string): string | null {
  return KINDS[kind]?.label ?? null;
}

/** The call to the original: "Read the original on who.int", "Watch on youtube.com". */
export function callToOriginal(kind: string, host: string | null): string {
  const action = KINDS[kind]?.action ?? KINDS.article!.action;
  return host ? `${action} on ${host}` : action;
}

/** What a listing's kind filter calls each kind it can narrow to (`?kind=video`: "Videos"). */
const KIND_CHOICE_LABELS: Record<KindParam, string> = {
  news: 'News',
  video: 'Videos',
  event: 'Events',
  feed: 'From the feeds',
  post: 'Posts',
  infographic: 'Infographics',
  report: 'Reports',
  offering: 'Offerings',
};

export function kindChoiceLabel(kind: KindParam): string {
  return KIND_CHOICE_LABELS[kind];
}
