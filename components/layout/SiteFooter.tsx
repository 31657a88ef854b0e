import { siteSettings } from '@/lib/site/config';

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
        <p>
          <strong>{name}</strong>
          {tagline ? `: ${tagline}` : null}
        </p>
        <p className="muted">Every item links to its original publisher; summaries and topics are our editors&apos;.</p>
      </div>
    </footer>
  );
}
