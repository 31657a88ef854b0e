import type { PreparedOffering, PreparedRecord } from '../content/prepare';
import { diagnostic, type Diagnostic } from '../content/problems';
import { BARE_COLLECTION } from '../content/schema';
import { routes } from '../urls/pages';

/** What the notes compare a record with. */
export interface NoteOptions {
  /** Topic names ("Collection: Label") editors are expected to use (`check --taxonomy`); others are warned about. */
  knownTopics?: ReadonlySet<string>;
  /** Today, for dates in the future. */
  now?: Date;
}

/**
 * What an editor should fix in a valid record, though it publishes: the warnings the
 * pipeline found reading it (a missing image, metadata left out), then those of the record
 * among the others (no description, a date in the future, the same article curated by
 * `firstCurator` before it, topics outside the taxonomy or without a collection, an
 * offering without a logo). One list for `npm run check` and the ingest alike.
 */
export function recordNotes(record: PreparedRecord, firstCurator: string | undefined, options: NoteOptions = {}): Diagnostic[] {
  const now = options.now ?? new Date();
  const out: Diagnostic[] = [...record.warnings];
  const file = record.file;
  if (!record.description) out.push(diagnostic('no-description', file, 'there is no description: readers and search engines see only the title', { field: 'description' }));
  if (record.date > now.getTime()) out.push(diagnostic('future-date', file, `${new Date(record.date).toISOString().slice(0, 10)} is in the future; the item will sort above today's news`, { field: 'date' }));
  if (firstCurator && firstCurator !== file) out.push(diagnostic('curated-twice', file, `${firstCurator} already curates this article (${record.url})`, { field: 'link.href' }));
  record.topics.forEach((t, i) => {
    const field = `categories[${i}]`;
    if (options.knownTopics && !options.knownTopics.has(t.name)) out.push(diagnostic('unknown-topic', file, `"${t.name}" is not a topic of the taxonomy; check the spelling, or add the topic there`, { field }));
    else if (t.collection === BARE_COLLECTION && !t.name.includes(':')) out.push(diagnostic('bare-topic', file, `"${t.name}" names no collection (write "Collection: Label"); it is published as a topic of its own at "${routes.topic(t.slug)}"`, { field }));
  });
  return out;
}

/** The same for an offering record. */
export function offeringNotes(offering: PreparedOffering): Diagnostic[] {
  const out = [...offering.warnings];
  if (!offering.logo && !offering.warnings.some((w) => w.field === 'offeringLogo')) {
    out.push(diagnostic('no-logo', offering.file, 'the offering has no logo: its profile and the offerings page show its name only', { field: 'offeringLogo' }));
  }
  return out;
}
