import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from '@/components/layout/SiteFooter';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { siteSettings, siteUrl } from '@/lib/site/config';
import './globals.css';

// Every page reads the store at request time: an ingest shows without a rebuild.
export const dynamic = 'force-dynamic';

export function generateMetadata(): Metadata {
  // Configuration only: every page sets its own description; this is the fallback.
  const { name, tagline, description } = siteSettings();
  return {
    metadataBase: new URL(siteUrl()),
    title: { default: name, template: `%s · ${name}` },
    description: description ?? tagline ?? 'Curated digital-health news, each item linked to its original publisher.',
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">Skip to content</a>
        <SiteHeader />
        <main id="main" className="container">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
