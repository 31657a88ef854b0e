import { formatDate, formatShortDate } from '@/lib/site/format';

/** A date as records give it (UTC); `short` for the river ("6 May 2020"). */
export function NewsDate({ date, prefix, short = false }: { date: Date; prefix?: string; short?: boolean }) {
  return (
    <time dateTime={date.toISOString()}>
      {prefix}
      {short ? formatShortDate(date) : formatDate(date)}
    </time>
  );
}
