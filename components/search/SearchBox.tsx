/** The site-wide search form: a plain GET form, works without JavaScript. */
export function SearchBox() {
  const id = 'site-search';
  return (
    <form role="search" action="/search" method="get" className="search-box">
      <label htmlFor={id} className="visually-hidden">
        Search news
      </label>
      <input id={id} type="search" name="q" placeholder="Search news" maxLength={200} />
      <button type="submit">Search</button>
    </form>
  );
}
