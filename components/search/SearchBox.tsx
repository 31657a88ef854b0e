import { routes } from '@/lib/urls/pages';

/** The site-wide search form: a plain GET form, works without JavaScript. */
export function SearchBox({ id = 'site-search', className = 'search-box' }: { id?: string; className?: string }) {
  return (
    <form role="search" action={routes.search()} method="get" className={className}>
      <label htmlFor={id} className="visually-hidden">
        Search news
      </label>
      <input id={id} type="search" name="q" placeholder="Search news" maxLength={200} />
      <button type="submit">Search</button>
    </form>
  );
}
