import { formatDate } from '@/lib/site/format';

export function NewsDate({ date, prefix }: { date: Date; prefix?: string }) {
  return (
    <time dateTime={date.toISOString()}>
      {prefix}
      {formatDate(date)}
    </time>
  );
}
