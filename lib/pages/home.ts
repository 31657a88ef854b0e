import { cache } from 'react';
import { groupStories } from '../catalog/stories';
import { linkKey } from '../content/link';
import { routes } from '../urls/pages';
import { subjectsByActivity } from './subject';
import { store } from '../store/connection';
import { activeTopics, newestFeedItems, newestStories, pinnedStories, type StoryCandidate } from '../store/queries/front-page';
import { recentActivitySince } from './activity';
import { upcomingEvents, type EventCard } from './events';
import { sectionsDirectory, type SectionLink } from './section';
import { newsCards, newsSummarySelect, type NewsSummary } from './summary';

/**
 * `/`, as a news site leads: one lead story, the top stories after it, a block per
 * community with what is new there, the river of feed items, and the subjects most
 * written about lately. A block with nothing to show is left out (the page shows no
 * empty heading), upcoming events among them.
 */
export interface HomePage {
  lead: NewsSummary | null;
  topStories: NewsSummary[];
  /**
   * Other publishers' items on the story of a lead or top story, by its id: one story is one
   * element, its other coverage listed under it (lib/catalog/stories.ts, the news desk's
   * grouping, over the newest items).
   */
  coverage: Record<number, { name: string; href: string }[]>;
  /** Communities and other sections, largest first, each with its newest stories not shown above. */
  sections: { section: SectionLink; items: NewsSummary[] }[];
  /** The soonest upcoming events (under way too), those not cancelled first; none when there are none. */
  events: EventCard[];
  /** The newest feed items: time, source, title. */
  river: NewsSummary[];
  /** Topics with the most items lately ("lately" counts back from the newest item, not from today). */
  /** The subjects most written about lately (every collection's topic of one subject counted together). */
  subjects: { name: string; href: string; count: number }[];
  total: number;
}

/** How many of the newest stories the lead is chosen from: the lead is news, not the best picture of the year. */
const LEAD_WINDOW = 12;
/** How many of the newest stories are grouped into stories (several publishers' items on one): the top stories come from these. */
const STORY_WINDOW = 80;
const TOP_STORIES = 8;
const SECTION_BLOCKS = 6;
const SECTION_ITEMS = 4;
/** A section's newest rows read to fill its block after leaving out what is shown above and feed items. */
const SECTION_READ = SECTION_ITEMS + TOP_STORIES + 1 + 8;
const RIVER_ITEMS = 12;
const UPCOMING_EVENTS = 4;
const SUBJECTS = 12;

/**
 * The lead among the newest stories: the newest with a published image and the most
 * coverage (other publishers' items on the same story), the one with the most topics
 * among those of the same date; without any image, the newest story. An editor's pin
 * comes before this rule (readHomePage: pinned items lead, content/README.md).
 */
export function chooseLead(candidates: StoryCandidate[], coverage: (id: number) => number = () => 0): StoryCandidate | null {
  const window = candidates.slice(0, LEAD_WINDOW);
  const pictured = window.filter((c) => c.pictured);
  const pool = pictured.length ? pictured : window;
  let best: StoryCandidate | null = null;
  const better = (c: StoryCandidate, b: StoryCandidate) =>
    coverage(c.id) - coverage(b.id) || c.date.getTime() - b.date.getTime() || c.topicCount - b.topicCount || b.id - c.id;
  for (const c of pool) if (!best || better(c, best) > 0) best = c;
  return best;
}

/**
 * The newest stories as stories: items on the same news (the same article, or
 * near-identical titles close in time) grouped, each group standing as its newest item,
 * with the other publishers' items as its coverage.
 */
function storiesOf(candidates: StoryCandidate[]): { stories: StoryCandidate[]; coverage: Map<number, { name: string; href: string }[]> } {
  const storyOf = groupStories(candidates.map((c) => ({ key: String(c.id), title: c.title, link: linkKey(c.url), time: c.date.getTime() })));
  const members = new Map<string, StoryCandidate[]>();
  for (const c of candidates) {
    const story = storyOf.get(String(c.id)) ?? String(c.id);
    members.set(story, [...(members.get(story) ?? []), c]);
  }
  const stories: StoryCandidate[] = [];
  const coverage = new Map<number, { name: string; href: string }[]>();
  for (const [first, ...others] of members.values()) {
    // Other publishers: a follow-up by the same one is not other coverage.
    const seen = new Set(first!.source ? [first!.source.brand] : []);
    const covered: { name: string; href: string }[] = [];
    for (const o of others) {
      if (o.source && seen.has(o.source.brand)) continue;
      if (o.source) seen.add(o.source.brand);
      covered.push({ name: o.source?.title || o.source?.brand || o.title, href: routes.news(o.slug) });
    }
    stories.push(first!);
    if (covered.length) coverage.set(first!.id, covered);
  }
  return { stories, coverage };
}

async function readHomePage(): Promise<HomePage> {
  const db = store();
  const { stories: candidates, coverage } = storiesOf(newestStories(STORY_WINDOW));
  // Editors' pins first: the highest weight leads (the newest among equals), the other
  // pins open the top stories; without any, the lead is chosen by the rule.
  const pinned = pinnedStories(TOP_STORIES + 1);
  const lead = pinned[0] ?? chooseLead(candidates, (id) => coverage.get(id)?.length ?? 0);
  const pinnedIds = new Set(pinned.map((p) => p.id));
  const topIds = [...pinned.slice(1), ...candidates.filter((c) => c.id !== lead?.id && !pinnedIds.has(c.id))].slice(0, TOP_STORIES).map((c) => c.id);
  const riverIds = newestFeedItems(RIVER_ITEMS);
  const since = recentActivitySince();
  const [rows, total, directory, events] = await Promise.all([
    db.newsItem.findMany({ where: { id: { in: [...(lead ? [lead.id] : []), ...topIds, ...riverIds] } }, select: newsSummarySelect }),
    db.newsItem.count(),
    sectionsDirectory(),
    upcomingEvents(UPCOMING_EVENTS),
  ]);
  const cards = new Map((await newsCards(rows)).map((c) => [c.id, c]));
  const pick = (ids: number[]) => ids.map((id) => cards.get(id)).filter((c): c is NewsSummary => c !== undefined);

  // A community is a section under a top-level one (/communities/pandemic); a top-level
  // section with none under it stands for itself.
  const blocks = directory.roots
    .flatMap((root) => (root.children.length ? root.children : [root]))
    .sort((a, b) => b.newsCount - a.newsCount || a.label.localeCompare(b.label))
    .slice(0, SECTION_BLOCKS);
  const shown = new Set([...(lead ? [lead.id] : []), ...topIds]);
  const ids = new Map((await db.section.findMany({ where: { path: { in: blocks.map((b) => b.path) } }, select: { id: true, path: true } })).map((s) => [s.path, s.id]));
  const sections = await Promise.all(
    blocks.map(async (section) => {
      // One range of NewsSection(sectionId, date) each.
      const links = await db.newsSection.findMany({
        where: { sectionId: ids.get(section.path) ?? -1 },
        orderBy: [{ date: 'desc' }, { newsId: 'asc' }],
        take: SECTION_READ,
        select: { news: { select: newsSummarySelect } },
      });
      const rows = links.map((l) => l.news).filter((n) => n.kind !== 'feed' && !shown.has(n.id)).slice(0, SECTION_ITEMS);
      return { section: { path: section.path, label: section.label, newsCount: section.newsCount }, items: await newsCards(rows) };
    }),
  );

  return {
    lead: lead ? (cards.get(lead.id) ?? null) : null,
    topStories: pick(topIds),
    coverage: Object.fromEntries([...(lead ? [lead.id] : []), ...topIds].filter((id) => coverage.has(id)).map((id) => [id, coverage.get(id)!])),
    sections: sections.filter((s) => s.items.length > 0),
    events,
    river: pick(riverIds),
    // A subject of one item is not a trend.
    subjects: since
      ? subjectsByActivity(activeTopics(since, SUBJECTS * 4))
          .filter((s) => s.recent > 1)
          .slice(0, SUBJECTS)
          .map(({ name, href, recent }) => ({ name, href, count: recent }))
      : [],
    total,
  };
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const homePage = cache(readHomePage);
