import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TAXONOMY_FILE } from '../content/discover';
import { readContentFile } from '../content/files';
import { diagnostic, fieldPath, type Diagnostic } from '../content/problems';
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
  problems: Diagnostic[];
}

/** Reads the taxonomy file's text; every problem comes back with its line. */
export function parseTaxonomy(text: string, file = TAXONOMY_FILE): Taxonomy {
  const topics: TaxonomyTopic[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push(diagnostic('taxonomy-line', file, `the line is not valid JSON: ${(err as Error).message}`, { line }));
      return;
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(diagnostic('taxonomy-line', file, issue.message, { line, field: fieldPath(issue.path) }));
      return;
    }
    const e = parsed.data;
    const first = seen.get(e.name.name);
    if (first) {
      problems.push(diagnostic('taxonomy-duplicate', file, `"${e.name.name}" is already on line ${first}`, { line, field: 'name' }));
      return;
    }
    seen.set(e.name.name, line);
    topics.push({ topic: e.name, parent: e.parent ?? null, description: e.description?.trim() || null, equivalents: e.equivalents ?? [], line });
  });
  for (const t of topics) {
    if (t.parent && !seen.has(t.parent.name)) problems.push(diagnostic('taxonomy-parent', file, `the parent "${t.parent.name}" is not a topic of the file`, { line: t.line, field: 'parent' }));
    if (t.parent?.name === t.topic.name) problems.push(diagnostic('taxonomy-parent', file, 'a topic cannot be its own parent', { line: t.line, field: 'parent' }));
  }
  const cycle = findCycle(topics);
  if (cycle) problems.push(diagnostic('taxonomy-parent', file, `the parents of "${cycle.topic.name}" lead back to it`, { line: cycle.line, field: 'parent' }));
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

/** The taxonomy of Medigy's size is a few MiB; past this, it is refused unread. */
const MAX_TAXONOMY_BYTES = 64 * 1024 * 1024;

/** The taxonomy file as the ingest and `check` read it: its topics (those on valid lines), its problems, and the file's stamp. */
export interface LoadedTaxonomy {
  topics: TaxonomyTopic[];
  problems: Diagnostic[];
  /** Lines refused (each a rejected entry), or 1 when the file itself could not be read. */
  rejected: number;
  /** The file as read, when it could be: what the store remembers of it. */
  file: { digest: string; size: number; mtimeMs: number } | null;
}

/** Reads `content/taxonomy.jsonl` through the one content-file reader; no file, no topics and no problems. */
export function loadTaxonomy(contentDir: string): LoadedTaxonomy {
  const read = readContentFile(contentDir, TAXONOMY_FILE, MAX_TAXONOMY_BYTES, { what: 'taxonomy' });
  if (read.ok) {
    const taxonomy = parseTaxonomy(read.bytes.toString('utf8'));
    const badLines = new Set(taxonomy.problems.map((p) => p.line));
    return {
      topics: taxonomy.topics.filter((t) => !badLines.has(t.line)),
      problems: taxonomy.problems,
      rejected: badLines.size,
      file: { digest: read.digest, size: read.size, mtimeMs: read.mtimeMs },
    };
  }
  // There, but not readable as a content file (a link, say): refused like a record.
  const there = fs.lstatSync(path.join(contentDir, TAXONOMY_FILE), { throwIfNoEntry: false }) !== undefined;
  return { topics: [], problems: there ? [diagnostic(read.code, TAXONOMY_FILE, read.message)] : [], rejected: there ? 1 : 0, file: null };
}
