import type { Paging } from '@/lib/pages/paging';

/** Previous/next links with rel="prev"/"next", as crawlers and readers expect. */
export function Pagination({ paging, href }: { paging: Paging; href: (page: number) => string }) {
  if (paging.pageCount <= 1) return null;
  const { page, pageCount } = paging;
  return (
    <nav aria-label="Pagination" className="pagination">
      {page > 1 ? (
        <a rel="prev" href={href(page - 1)}>← Newer</a>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>{`Page ${page} of ${pageCount}`}</span>
      {page < pageCount ? (
        <a rel="next" href={href(page + 1)}>Older →</a>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
