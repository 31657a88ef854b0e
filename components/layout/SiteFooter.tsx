import { SITE_NAME, SITE_TAGLINE } from '@/lib/site/config';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p><strong>{SITE_NAME}</strong>: {SITE_TAGLINE}</p>
        <p className="muted">Every item links to its original publisher; summaries and topics are our editors&apos;.</p>
      </div>
    </footer>
  );
}
