const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2 February 2023": records carry calendar dates, shown as written (UTC). */
export function formatDate(date: Date): string {
  return longDate.format(date);
}

/** Medigy's descriptions are often cut mid-word ("…Professo"): mark the cut. */
export function summaryText(text: string): string {
  const trimmed = text.trim();
  return /[.!?…:)"'’”]$/.test(trimmed) ? trimmed : `${trimmed}…`;
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "6 May 2020": the river's dates, where every character of the line counts. */
export function formatShortDate(date: Date): string {
  return shortDate.format(date);
}
