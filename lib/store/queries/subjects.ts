import type Database from 'better-sqlite3';
import { slugify } from '../../content/slug';
import { openStore, requireStore } from '../connection';

/**
 * Subjects: what a reader means by a topic, whichever collection named it. Medigy's
 * records name one subject many ways (`KLAS: Telehealth`, `Symplur: Telehealth`,
 * `Frost & Sullivan: TeleHealth`, `Symplur: #telehealth`); each stays a topic of its
 * collection, and the topics whose labels are the same once case, `#`, hyphens and
 * plurals are set aside make one subject with one page listing all their items.
 *
 * The taxonomy's equivalences do not join subjects: in Medigy's taxonomy they relate
 * topics broadly (a topic lists a dozen others), and followed from one to the next they
 * join what readers keep apart — its mutual equivalences alone chain 95 topics, Telehealth
 * with FHIR, Population Health and HIE, into one. Topic pages show them as "the same topic
 * in other collections".
 *
 * Derived from the store's topics when first asked for, once per store: no table, so the
 * full and the incremental ingest cannot disagree about it.
 */

export interface SubjectTopic {
  id: number;
  slug: string;
  name: string;
  collection: string;
  label: string;
  newsCount: number;
}

export interface Subject {
  /** The folded label the subject is known by (`telehealth`). */
  key: string;
  /** Its address (`/subject/<slug>`) when it gathers several topics with news. */
  slug: string;
  /** How readers see it: the label most of its items are filed under. */
  name: string;
  /** Its topics with news, the most items first. */
  topics: SubjectTopic[];
  /** Distinct items over all its topics. */
  newsCount: number;
  /** When its newest item was published (epoch ms; 0 for a subject of one topic, whose topic's page says). */
  newest: number;
}

export interface SubjectIndex {
  /** Subjects of several topics with news, by slug. */
  bySlug: Map<string, Subject>;
  /** Every topic with news, to its subject (one of one topic when nothing else means the same). */
  byTopicId: Map<number, Subject>;
  /** Every subject with news, the most items first. */
  all: Subject[];
}

/**
 * A topic's label as a subject key: lower case, without a leading `#` (Symplur's
 * hashtags, `-hash-` as Medigy's files spell it), hyphens and underscores as spaces, each
 * word's English plural as its singular (`wearables` → `wearable`, `therapies` →
 * `therapy`), spaces collapsed.
 */
export function subjectKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/^\s*(?:#|-hash-)/, '')
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .split(' ')
    .map(singular)
    .join(' ');
}

function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is|ics)$/.test(word)) return word;
  if (/(?:ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

interface TopicRow extends SubjectTopic {
  fromTaxonomy: number;
}

/** Groups the topics by key (union-find, so a group's root does not depend on the order of the rows). */
function buildIndex(db: Database.Database): SubjectIndex {
  const topics = db.prepare<[], TopicRow>('SELECT id, slug, name, collection, label, newsCount, fromTaxonomy FROM Topic ORDER BY id').all();
  const parent = new Map<number, number>(topics.map((t) => [t.id, t.id]));
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let at = id; at !== root; ) [at, root] = [parent.get(at)!, (parent.set(at, root), root)];
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller id stays the root.
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const firstWithKey = new Map<string, number>();
  for (const t of topics) {
    const key = subjectKey(t.label);
    if (!key) continue;
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, t.id);
    else union(first, t.id);
  }

  const groups = new Map<number, SubjectTopic[]>();
  for (const t of topics) {
    if (t.newsCount === 0) continue;
    const root = find(t.id);
    const { fromTaxonomy: _, ...topic } = t;
    groups.set(root, [...(groups.get(root) ?? []), topic]);
  }
  const distinct = distinctCounts(db, groups);
  const subjects: Subject[] = [];
  for (const [root, members] of groups) {
    members.sort((a, b) => b.newsCount - a.newsCount || a.name.localeCompare(b.name));
    const name = subjectName(members);
    const counted = distinct.get(root);
    subjects.push({ key: subjectKey(name), slug: '', name, topics: members, newsCount: counted?.n ?? members[0]!.newsCount, newest: counted?.newest ?? 0 });
  }
  subjects.sort((a, b) => b.newsCount - a.newsCount || a.key.localeCompare(b.key) || a.topics[0]!.id - b.topics[0]!.id);
  const bySlug = new Map<string, Subject>();
  const byTopicId = new Map<number, Subject>();
  for (const s of subjects) {
    for (const t of s.topics) byTopicId.set(t.id, s);
    if (s.topics.length < 2) continue;
    // The busiest subject keeps the plain slug; another that slugifies the same gets a number.
    const base = slugify(s.name) || `subject-${s.topics[0]!.id}`;
    let slug = base;
    for (let n = 2; bySlug.has(slug); n++) slug = `${base}-${n}`;
    s.slug = slug;
    bySlug.set(slug, s);
  }
  return { bySlug, byTopicId, all: subjects };
}

/**
 * How readers see a subject: a label as a collection writes it (not a `#hashtag`, not a
 * tag in lower case when a collection capitalizes it), then the one most items are filed
 * under, then the shorter.
 */
function subjectName(members: SubjectTopic[]): string {
  const byLabel = new Map<string, number>();
  for (const m of members) byLabel.set(m.label, (byLabel.get(m.label) ?? 0) + m.newsCount);
  const rank = (label: string) => (label.trim().startsWith('#') ? 2 : label === label.toLowerCase() ? 1 : 0);
  return [...byLabel].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))[0]![0];
}

/** Items per group of several topics, each counted once however many of its topics it has, and the newest one's date: in one statement. */
function distinctCounts(db: Database.Database, groups: Map<number, SubjectTopic[]>): Map<number, { n: number; newest: number }> {
  const multi = [...groups].filter(([, members]) => members.length > 1);
  if (!multi.length) return new Map();
  const pairs = multi.flatMap(([root, members]) => members.map((m) => [m.id, root]));
  const rows = db
    .prepare<[string], { root: number; n: number; newest: number }>(
      `WITH m AS (SELECT json_extract(value, '$[0]') AS topicId, json_extract(value, '$[1]') AS root FROM json_each(?))
       SELECT m.root AS root, count(DISTINCT nt.newsId) AS n, max(nt.date) AS newest FROM NewsTopic nt JOIN m ON m.topicId = nt.topicId GROUP BY m.root`,
    )
    .all(JSON.stringify(pairs));
  return new Map(rows.map((r) => [r.root, { n: r.n, newest: r.newest }]));
}

/** The subjects of the served store (made once per store). */
export function subjectIndex(): SubjectIndex {
  return requireStore().once(buildIndex);
}

/** The same, or null when there is no store yet (routing decisions then let the page explain). */
export function subjectIndexIfAny(): SubjectIndex | null {
  return openStore()?.once(buildIndex) ?? null;
}

/** The items of a subject's topics, each once, newest first: ids of one page, and how many in all. */
export function subjectItems(subject: Subject, skip: number, take: number): { ids: number[]; total: number } {
  const members = JSON.stringify(subject.topics.map((t) => t.id));
  return { ids: requireStore().once(itemStatements).page.all(members, take, skip).map((r) => r.newsId), total: subject.newsCount };
}

function itemStatements(db: Database.Database) {
  return {
    // The member topics as one JSON parameter: a subject may gather any number of them.
    page: db.prepare<[string, number, number], { newsId: number }>(
      `SELECT nt.newsId FROM NewsTopic nt WHERE nt.topicId IN (SELECT value FROM json_each(?))
       GROUP BY nt.newsId ORDER BY max(nt.date) DESC, nt.newsId LIMIT ? OFFSET ?`,
    ),
  };
}
