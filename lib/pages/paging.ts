/** Items per page on every paginated listing. */
export const PAGE_SIZE = 20;

export interface Paging {
  page: number;
  pageCount: number;
  total: number;
}

/**
 * The page number from `?page=`: absent means 1; anything but a plain positive
 * integer is not a page (the caller answers 404).
 */
export function pageNumber(value: string | string[] | undefined): number | null {
  if (value === undefined) return 1;
  if (Array.isArray(value) || !/^[1-9]\d{0,6}$/.test(value)) return null;
  return Number(value);
}

export function paging(page: number, total: number): Paging | null {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return page <= pageCount ? { page, pageCount, total } : null;
}
