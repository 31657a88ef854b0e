import { z } from 'zod';
import { TAXONOMY_FILE } from '../content/discover';
import { fieldPath, type RecordProblem } from '../content/problems';
import { topicName, type TopicRef } from '../content/schema';

/**
 * The taxonomy file, `content/taxonomy.jsonl`: optional, one topic per line as JSON.
 *
 *   {"name": "Healthcare IT News: Telehealth",        required, "Collection: Label"
 *    "parent": "Healthcare IT News: Digital Health",   optional, a topic of the file
 *    "description": "Care delivered at a distance…",   optional, plain text
 *    "equivalents": ["HIMSS: Telehealth"]}             optional, the same topic elsewhere
 *
 * It adds what records cannot say: hierarchy, descriptions, equivalents across
 * collections. Topics it lists exist even before any record uses them.
 */
export { TAXONOMY_FILE };

const entrySchema = z.object(
  {
    name: topicName,
    parent: topicName.nullable().optional(),
    description: z.string({ error: 'description must be text' }).max(20_000, { error: 'description is longer than 20,000 characters' }).nullable().optional(),
    equivalents: z.array(topicName, { error: 'equivalents must be a list of topics' }).optional(),
  },
  { error: 'each line must be a JSON object like {"name": "Collection: Label"}' },
);

export interface TaxonomyTopic {
  topic: TopicRef;
  parent: TopicRef | null;
  description: string | null;
  equivalents: TopicRef[];
  line: number;
}

export interface Taxonomy {
  topics: TaxonomyTopic[];
  problems: RecordProblem[];
}

/** Reads the taxonomy file's text; every problem comes back with its line. */
export function parseTaxonomy(text: string, file = TAXONOMY_FILE): Taxonomy {
  const topics: TaxonomyTopic[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push({ file, line, message: `the line is not valid JSON: ${(err as Error).message}` });
      return;
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file, line, field: fieldPath(issue.path) || undefined, message: issue.message });
      return;
    }
    const e = parsed.data;
    const first = seen.get(e.name.name);
    if (first) {
      problems.push({ file, line, field: 'name', message: `"${e.name.name}" is already on line ${first}` });
      return;
    }
    seen.set(e.name.name, line);
    topics.push({ topic: e.name, parent: e.parent ?? null, description: e.description?.trim() || null, equivalents: e.equivalents ?? [], line });
  });
  for (const t of topics) {
    if (t.parent && !seen.has(t.parent.name)) problems.push({ file, line: t.line, field: 'parent', message: `the parent "${t.parent.name}" is not a topic of the file` });
    if (t.parent?.name === t.topic.name) problems.push({ file, line: t.line, field: 'parent', message: 'a topic cannot be its own parent' });
  }
  const cycle = findCycle(topics);
  if (cycle) problems.push({ file, line: cycle.line, field: 'parent', message: `the parents of "${cycle.topic.name}" lead back to it` });
  return { topics, problems };
}

function findCycle(topics: TaxonomyTopic[]): TaxonomyTopic | null {
  const parentOf = new Map(topics.map((t) => [t.topic.name, t.parent?.name]));
  for (const t of topics) {
    const seen = new Set<string>();
    for (let at: string | undefined = t.topic.name; at; at = parentOf.get(at)) {
      if (seen.has(at)) return t;
      seen.add(at);
    }
  }
  return null;
}

/** One line of the file, as the importer and the editor tools write it. */
export function taxonomyLine(entry: { name: string; parent?: string | null; description?: string | null; equivalents?: string[] }): string {
  return JSON.stringify({
    name: entry.name,
    ...(entry.parent ? { parent: entry.parent } : {}),
    ...(entry.description ? { description: entry.description } : {}),
    ...(entry.equivalents?.length ? { equivalents: entry.equivalents } : {}),
  });
}
