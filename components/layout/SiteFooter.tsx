import PlainLink from '@/components/navigation/PlainLink';
import { siteSettings } from '@/lib/site/config';
import { routes } from '@/lib/urls/pages';

/**
 * On every page: only what configuration says (SITE_NAME, SITE_TAGLINE), never what the
 * store holds, so that a page cached under its own keys (lib/pages/cache-keys.ts) is not
 * made stale by a change elsewhere. The home page says what the site carries.
 */
export function SiteFooter() {
  const { name, tagline } = siteSettings();
  return (
    <footer className="site-footer">
      <div className="container">
        {/* Every listing of the site, the ones a phone's header leaves out among them. */}
        <nav aria-label="Site" className="footer-nav">
          <ul>
            <li><PlainLink href={routes.newsList()}>News</PlainLink></li>
            <li><PlainLink href={routes.topics()}>Topics</PlainLink></li>
            <li><PlainLink href={routes.events()}>Events</PlainLink></li>
            <li><PlainLink href={routes.offerings()}>Offerings</PlainLink></li>
            <li><PlainLink href={routes.search()}>Search</PlainLink></li>
          </ul>
        </nav>
        <p>
          <strong>{name}</strong>
          {tagline ? `: ${tagline}` : null}
        </p>
        <p className="muted">Every item links to its original publisher; summaries and topics are our editors&apos;.</p>
      </div>
    </footer>
  );
}
