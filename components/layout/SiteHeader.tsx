import PlainLink from '@/components/navigation/PlainLink';
import { SearchBox } from '@/components/search/SearchBox';
import { navigationSections } from '@/lib/pages/section';
import { siteName } from '@/lib/site/config';
import { routes } from '@/lib/urls/pages';

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
        <PlainLink href={routes.home()} className="site-header__brand">
          <span className="site-header__mark" aria-hidden="true">+</span>
          {siteName()}
        </PlainLink>
        <details className="site-search-toggle">
          <summary>Search</summary>
          <SearchBox id="site-search-compact" className="search-box search-box--compact" />
        </details>
        <nav aria-label="Main" className="site-nav">
          <ul>
            <li><PlainLink href={routes.newsList()}>News</PlainLink></li>
            <li><PlainLink href={routes.topics()}>Topics</PlainLink></li>
            <li><PlainLink href={routes.events()}>Events</PlainLink></li>
            {sections.map((s) => (
              <li key={s.path}><PlainLink href={routes.section(s.path)}>{s.label}</PlainLink></li>
            ))}
            <li className="site-nav__wide"><PlainLink href={routes.offerings()}>Offerings</PlainLink></li>
          </ul>
        </nav>
        <SearchBox className="search-box search-box--wide" />
      </div>
    </header>
  );
}
