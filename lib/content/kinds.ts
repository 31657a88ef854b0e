/**
 * What kind of item a record is, decided from Medigy's own fields, never from the folder
 * the file sits in (Medigy's tree files events under `communities-of-practice/…` and
 * news under `events/…`). Each field that names a kind is read in turn, the most
 * specific first; the first that names one decides:
 *
 * 1. `archetype` (or `archeType`): Medigy's template for the record (`event`,
 *    `media-video`, `curate-infographics`, `contribute-content`, `recent-update`…);
 *    `post` and an absent archetype say nothing (infographics and contributed posts
 *    share `post`);
 * 2. `openProjectWorkPackageType`: the curation tool's type ("Curated Event",
 *    "Infographics", "Contributed Content", "Recent Updates & Reports"…);
 * 3. `contentCategories`: `medigy-<community>-<section>` (`medigy-security-infographics`);
 * 4. `searchCategory` and `sub` ("Events", "Infographics", "Contributed Content"…);
 * 5. `basePath`, then the trail's last section (`/communities/femtech/curated-event`);
 * 6. fields only one kind has: `eventEndDate` (an event), a `feed` block (a feed item).
 *
 * None: an article (a `post` archetype: a post). A record that names a YouTube or Vimeo address as what it curates is
 * a video whatever else it says (lib/content/video.ts, applied in normalize).
 */

/** The kinds of item the site publishes, each with its own label on cards and pages. */
export const ITEM_KINDS = ['article', 'video', 'feed', 'event', 'infographic', 'post', 'report', 'offering'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What the ingest's summary calls each kind, one and many ("1 event", "4 events"). */
export const KIND_COUNT_NAMES: Record<ItemKind, readonly [string, string]> = {
  article: ['article', 'articles'],
  video: ['video', 'videos'],
  feed: ['feed item', 'feed items'],
  event: ['event', 'events'],
  infographic: ['infographic', 'infographics'],
  post: ['post', 'posts'],
  report: ['report', 'reports'],
  offering: ['curated offering', 'curated offerings'],
};

/** Kinds of record Medigy published that this site does not (counted, never an error). */
export const UNPUBLISHED_KINDS = { institution: 'an institution profile (a hospital or a supplier)', award: 'an award' } as const;
export type UnpublishedKind = keyof typeof UNPUBLISHED_KINDS;

/** Kinds whose records are the site's own writing: no outbound link is expected of them. */
export const OWN_KINDS: ReadonlySet<ItemKind> = new Set(['post', 'infographic']);

type Fields = Record<string, unknown>;

/** A word as the fields write it: lower case, words joined by "-" (`Recent Updates & Reports` → `recent-updates-and-reports`). */
function word(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .trim()
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** What a word of Medigy's says of the kind, by the words in it (null: nothing). */
function kindOfWord(w: string): ItemKind | null {
  if (!w) return null;
  const says = (pattern: RegExp) => pattern.test(w);
  if (says(/(?:^|-)(?:curated?-)?events?(?:$|-)/)) return 'event';
  if (says(/(?:^|-)(?:curated?-)?infographics?(?:$|-)/)) return 'infographic';
  if (says(/(?:^|-)(?:media-)?videos?(?:$|-)|(?:^|-)curated?-video/)) return 'video';
  if (says(/(?:^|-)(?:external-bookmark-)?feeds?(?:$|-)/)) return 'feed';
  if (says(/contribut/)) return 'post';
  if (says(/(?:^|-)recent-updates?|(?:^|-)reports?(?:$|-)|actionable/)) return 'report';
  if (says(/(?:^|-)(?:profile|curated?)-offerings?(?:$|-)|(?:^|-)offerings?$/)) return 'offering';
  if (says(/(?:^|-)(?:news|newscenter|bookmark|external-bookmark|curated?-content|curated?-news|vaccine|recognition|brief)(?:$|-)/)) return 'article';
  return null;
}

/** Archetypes that name no kind: Medigy gives `post` to infographics and written posts alike. */
const GENERIC_ARCHETYPES = new Set(['', 'post', 'page', 'single', 'default']);

/** The kind of a curated record (not an offering record: lib/content/normalize.ts tells those apart). */
export function recordKind(data: Fields): ItemKind {
  const archetype = word(data.archetype ?? data.archeType);
  if (!GENERIC_ARCHETYPES.has(archetype)) {
    const kind = kindOfWord(archetype);
    if (kind) return kind;
  }
  for (const value of [data.openProjectWorkPackageType, sectionOf(data.contentCategories), data.searchCategory, data.sub, lastSection(data.basePath), trailSection(data.breadcrumbLinks)]) {
    const kind = kindOfWord(word(value));
    // "News" (searchCategory, sub) is what most kinds say: only a more specific word decides.
    if (kind && kind !== 'article') return kind;
  }
  if (has(data.eventEndDate)) return 'event';
  if (data.feed && typeof data.feed === 'object') return 'feed';
  // `post` that no other field makes an infographic or contributed content: writing for the site.
  return archetype === 'post' ? 'post' : 'article';
}

const has = (v: unknown) => v !== undefined && v !== null && v !== '';

/** `medigy-pandemic-recent-updates-and-reports` → `recent-updates-and-reports`: the section part, after Medigy's and the community's names. */
function sectionOf(value: unknown): string {
  const w = word(Array.isArray(value) ? value[0] : value);
  // The section names Medigy uses; the community's name before them varies.
  const m = /(curated-[a-z]+|contributed-content|infographics|recent-updates(?:-and-reports)?|actionablecontent|actionable-content|vaccine-drugs-in-the-pipeline|events?|videos?|feeds?)$/.exec(w);
  return m ? m[1]! : '';
}

/** The last segment of a path (`/communities/pandemic/infographics/` → `infographics`). */
function lastSection(value: unknown): string {
  if (typeof value !== 'string') return '';
  const parts = value.split('/').filter((p) => p && p !== '#');
  // `/events/upcoming/`, `/events/past/`: the section is the first segment.
  if (parts[0] === 'events') return 'events';
  return parts.at(-1) ?? '';
}

/** The section a trail ends in (its last step that is an address of the site). */
function trailSection(value: unknown): string {
  if (!Array.isArray(value)) return '';
  const steps = value.filter((v): v is string => typeof v === 'string' && v.startsWith('/') && v !== '/');
  return lastSection(steps.at(-1));
}

/**
 * Kinds of record Medigy published that the site does not: institution profiles
 * (`archeType: profile-institution-hdo`, `-supplier`; `layout: regulated-single`) and
 * awards (`type: awards`, or the fields of one: `recognizer`, `recognition_group_url`).
 */
export function unpublishedKind(data: Fields): UnpublishedKind | null {
  const archetype = word(data.archetype ?? data.archeType);
  if (archetype.startsWith('profile-institution') || word(data.layout ?? data.layOut) === 'regulated-single') return 'institution';
  if (word(data.type) === 'awards' || word(data.type) === 'award' || (has(data.recognizer) && has(data.recognition_group_url))) return 'award';
  return null;
}
