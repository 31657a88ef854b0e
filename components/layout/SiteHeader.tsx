import Link from '@/components/navigation/PlainLink';
import { SearchBox } from '@/components/search/SearchBox';
import { navigationSections } from '@/lib/pages/section';
import { siteName } from '@/lib/site/config';
import { routes } from '@/lib/site/routes';

/**
 * The name, the main navigation on one line, and search. On a phone the search form
 * opens from a "Search" button (a `<details>`: no JavaScript) so that the header takes
 * two short rows; on wider screens the form stands in the header.
 */
export async function SiteHeader() {
  // Medigy's records lead readers to their communities and feeds: the largest of those sections.
  const sections = await navigationSections();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href={routes.home()} className="site-header__brand">
          <span className="site-header__mark" aria-hidden="true">+</span>
          {siteName()}
        </Link>
        <details className="site-search-toggle">
          <summary>Search</summary>
          <SearchBox id="site-search-compact" className="search-box search-box--compact" />
        </details>
        <nav aria-label="Main" className="site-nav">
          <ul>
            <li><Link href={routes.newsList()}>News</Link></li>
            <li><Link href={routes.topics()}>Topics</Link></li>
            {sections.map((s) => (
              <li key={s.path}><Link href={routes.section(s.path)}>{s.label}</Link></li>
            ))}
            <li><Link href={routes.offerings()}>Offerings</Link></li>
          </ul>
        </nav>
        <SearchBox className="search-box search-box--wide" />
      </div>
    </header>
  );
}
