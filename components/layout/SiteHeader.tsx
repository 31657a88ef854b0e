import Link from '@/components/navigation/PlainLink';
import { SearchBox } from '@/components/search/SearchBox';
import { navigationSections } from '@/lib/pages/section';
import { SITE_NAME } from '@/lib/site/config';
import { routes } from '@/lib/site/routes';

export async function SiteHeader() {
  // Medigy's records lead readers to their communities and feeds: the largest of those sections.
  const sections = await navigationSections();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href={routes.home()} className="site-header__brand">
          <span className="site-header__mark" aria-hidden="true">+</span>
          {SITE_NAME}
        </Link>
        <nav aria-label="Main">
          <ul className="site-nav">
            <li><Link href={routes.newsList()}>News</Link></li>
            <li><Link href={routes.topics()}>Topics</Link></li>
            {sections.map((s) => (
              <li key={s.path}><Link href={routes.section(s.path)}>{s.label}</Link></li>
            ))}
            <li><Link href={routes.offerings()}>Offerings</Link></li>
          </ul>
        </nav>
        <SearchBox />
      </div>
    </header>
  );
}
