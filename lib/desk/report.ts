import { printable } from '../content/problems';
import type { PollReport } from './poll';

/**
 * What `npm run feeds` prints. `--json`: one JSON object per line, each new item
 * ({feed, title, link, published, summary, image, topics, duplicateOf, story}) and each
 * feed that could not be read ({feed, error}), for other tools. Otherwise a line per
 * feed for the operator (failures on standard error, for cron's mail).
 */
export function jsonLines(report: PollReport): string[] {
  const lines: string[] = [];
  for (const i of report.items) {
    lines.push(
      JSON.stringify({
        feed: i.feed,
        title: i.title,
        link: i.link,
        published: i.published,
        summary: i.summary,
        image: i.image,
        topics: i.topics.map((t) => t.topic),
        duplicateOf: i.duplicateOf,
        story: i.story,
      }),
    );
  }
  for (const f of report.feeds) if (f.status === 'failed') lines.push(JSON.stringify({ feed: f.feed, error: f.error }));
  return lines;
}

export function textReport(report: PollReport, dryRun = false): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const when = (ms: number | undefined) => (ms ? new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z') : '');
  for (const f of report.feeds) {
    const name = printable(f.title);
    const moved = f.movedTo ? ` (moved permanently to ${f.movedTo}: feeds.opml updated)` : '';
    const note = f.note ? ` (${f.note})` : '';
    switch (f.status) {
      case 'fetched': {
        const published = report.items.filter((i) => i.feed === f.feed && i.record).length;
        const inbox = f.newItems - published;
        const what = f.newItems ? `${f.newItems} new (${dryRun ? 'not written: dry run' : [published ? `${published} published` : '', inbox ? `${inbox} to the inbox` : ''].filter(Boolean).join(', ')})` : 'nothing new';
        out.push(`feeds: ${name}: ${f.items} items, ${what}${moved}${note}`);
        for (const s of f.skipped) out.push(`feeds:   left out${s.title ? ` "${printable(s.title)}"` : ''}: ${s.reason}`);
        break;
      }
      case 'unchanged':
        out.push(`feeds: ${name}: unchanged (304)${moved}`);
        break;
      case 'waiting':
        out.push(`feeds: ${name}: failing (${f.failures} in a row: ${printable(f.error ?? '')}); next try after ${when(f.nextPollAt)}`);
        break;
      case 'gone':
        err.push(`feeds: ${name}: the feed is gone (410 Gone): retired in feeds.opml`);
        break;
      default:
        err.push(`feeds: ${name}: ${printable(f.error ?? 'failed')} (${f.failures} failure${f.failures === 1 ? '' : 's'} in a row; next try after ${when(f.nextPollAt)})`);
    }
  }
  for (const i of report.items) if (i.note) err.push(`feeds: "${printable(i.title)}": ${printable(i.note)}`);
  for (const p of report.problems) err.push(`feeds: ${printable(p)}`);
  const totals = `feeds: ${report.feeds.length} feeds polled in ${report.seconds.toFixed(2)} s: ${report.items.length} new items, ${report.published.length} published, ${report.feeds.filter((f) => f.status === 'failed' || f.status === 'waiting').length} failing`;
  out.push(totals);
  return { out, err };
}

/** "15m", "1h", "90s", "2h30m" → milliseconds (null when not a duration). */
export function parseDuration(text: string): number | null {
  const m = /^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$/i.exec(text);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms > 0 ? ms : null;
}
