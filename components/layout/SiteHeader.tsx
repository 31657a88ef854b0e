import Link from '@/components/navigation/PlainLink';
import { SearchBox } from '@/components/search/SearchBox';
import { SITE_NAME } from '@/lib/site/config';
import { routes } from '@/lib/site/routes';

export function SiteHeader() {
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
            <li><Link href={routes.offerings()}>Offerings</Link></li>
          </ul>
        </nav>
        <SearchBox />
      </div>
    </header>
  );
}
