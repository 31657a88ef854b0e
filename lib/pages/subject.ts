import { cache } from 'react';
import { store } from '../store/connection';
import { subjectIndex, subjectItems, type Subject, type SubjectTopic } from '../store/queries/subjects';
import { newsListing, type NewsListing, type PageParam } from './paging';
import { routes } from '../urls/pages';
import { newsSummarySelect } from './summary';
import { byName } from './names';

export type { Subject, SubjectTopic };

/**
 * `/subject/<slug>`: a subject's items (every topic of every collection that means the
 * same, lib/store/queries/subjects.ts), each once, newest first; its topics link to each
 * collection's view.
 */
async function readSubjectPage(slug: string, pageParam: PageParam): Promise<NewsListing<Subject> | null> {
  return newsListing(
    pageParam,
    async () => subjectIndex().bySlug.get(slug) ?? null,
    async (subject, window) => {
      const { ids } = subjectItems(subject, window.skip, window.take);
      const rows = await store().newsItem.findMany({ where: { id: { in: ids } }, select: newsSummarySelect });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)!).filter(Boolean);
    },
  );
}

/** Deduplicated per request: generateMetadata and the page ask for the same data. */
export const subjectPage = cache(readSubjectPage);

/** The subject a topic is part of, when it gathers other topics too (null: the topic is its own subject). */
export function sharedSubjectOf(topicId: number): Subject | null {
  const subject = subjectIndex().byTopicId.get(topicId);
  return subject && subject.slug ? subject : null;
}

/** A subject as a list shows it: its page (the subject's, or its one topic's), and its collections. */
export interface SubjectEntry {
  key: string;
  name: string;
  href: string;
  /** The collections that name it (one for a subject of one topic). */
  collections: string[];
  newsCount: number;
  /** Items of the recent window (summed over its topics). */
  recent: number;
}

/**
 * Topics with their recent counts, gathered into subjects: the most items lately first,
 * then the most in all, then by name. One entry per subject however many collections
 * name it.
 */
export function subjectsByActivity(topics: { id: number; recent: number }[]): SubjectEntry[] {
  const index = subjectIndex();
  const entries = new Map<Subject, SubjectEntry>();
  for (const t of topics) {
    const subject = index.byTopicId.get(t.id);
    if (!subject) continue;
    let entry = entries.get(subject);
    if (!entry) {
      entry = {
        key: subject.key,
        name: subject.name,
        href: subject.slug ? routes.subject(subject.slug) : routes.topic(subject.topics[0]!.slug),
        collections: [...new Set(subject.topics.map((m) => m.collection))],
        newsCount: subject.newsCount,
        recent: 0,
      };
      entries.set(subject, entry);
    }
    entry.recent += t.recent;
  }
  return [...entries.values()].sort((a, b) => b.recent - a.recent || b.newsCount - a.newsCount || byName(a.name, b.name) || a.href.localeCompare(b.href));
}
