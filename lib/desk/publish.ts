import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../content/problems';
import { withOtherRecords } from '../curation/curate';
import { draftFeedItem, type FeedItemFields } from '../curation/feed-item-text';
import { commitContent, type CommitResult } from '../curation/git';
import { writeNewFile } from '../curation/record-files';
import type { OtherRecords } from '../curation/record-text';
import { updateStore } from '../ingest/update-store';

/**
 * Publish-mode items become feed-item records as any editor's save does: drafted and
 * checked by lib/curation (the ingest's own schema), written into content/ whole, applied
 * to the store by the ingest (updateStore with exactly these paths), then committed. When
 * the store refuses them, the files are taken back and each item says why (the desk
 * then puts it in the inbox instead).
 */
export interface PublishOutcome {
  /** Item index → the record file it became. */
  written: Map<number, string>;
  /** Item index → why it was not published. */
  refused: Map<number, string>;
  problems: Diagnostic[];
  commit: CommitResult | null;
}

export async function publishFeedItems(
  items: FeedItemFields[],
  store: { contentDir: string; databasePath: string; mediaDir: string; purgeUrls?: string[] },
  message: string,
  now = new Date(),
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { written: new Map(), refused: new Map(), problems: [], commit: null };
  if (!items.length) return outcome;
  const { contentDir } = store;
  const drafts = await withOtherRecords(contentDir, store.databasePath, (others) => {
    const slugs = new Set<string>();
    // Slugs taken by items drafted in this same run count as taken too.
    const index: OtherRecords = {
      linkOwner: (key) => others.linkOwner(key),
      slugInUse: (slug) => slugs.has(slug) || others.slugInUse(slug),
      offeringEntry: (name) => others.offeringEntry(name),
      maxRecordId: () => others.maxRecordId(),
    };
    return items.map((item) => {
      const draft = draftFeedItem(item, index, now, (file) => fs.existsSync(path.join(contentDir, file)));
      if (draft.ok) slugs.add(draft.slug);
      return draft;
    });
  });
  const files: string[] = [];
  drafts.forEach((draft, i) => {
    if (!draft.ok) return void outcome.refused.set(i, draft.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; '));
    const target = path.join(contentDir, draft.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      writeNewFile(target, draft.text);
    } catch (err) {
      return void outcome.refused.set(i, `the file ${draft.file} could not be written: ${(err as Error).message}`);
    }
    files.push(draft.file);
    outcome.written.set(i, draft.file);
  });
  if (!files.length) return outcome;

  let update;
  try {
    update = await updateStore({ ...store, paths: files });
  } catch (err) {
    for (const f of files) fs.rmSync(path.join(contentDir, f), { force: true });
    throw err;
  }
  if (!update.published) {
    // Taken back: content/ keeps only what is live.
    for (const f of files) fs.rmSync(path.join(contentDir, f), { force: true });
    const why = update.problems.map((p) => `${p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('; ') || 'the store refused the change';
    for (const [i] of outcome.written) outcome.refused.set(i, `the ingest refused it: ${why}`);
    outcome.written.clear();
    outcome.problems = update.problems;
    return outcome;
  }
  outcome.commit = await commitContent(contentDir, files, message);
  return outcome;
}
