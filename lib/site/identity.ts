import { cache } from 'react';
import { config } from '../config/env';
import type { SiteFacts } from '../store/queries/front-page';
import { identityFacts } from '../pages/identity';

/** What the site says it is, on every page, in feeds and to search engines. */
export interface SiteIdentity {
  name: string;
  /** One line under the name (the footer, the home page's description when none is set). */
  tagline: string;
  /** The home page's meta description and the WebSite JSON-LD's. */
  description: string;
}

/**
 * SITE_NAME, SITE_TAGLINE and SITE_DESCRIPTION when set; otherwise said from what the
 * store holds, so a site never claims sources it does not carry: "Digital-health news
 * from healthcareitnews.com, who.int, hitconsultant.net and more, curated by topic."
 */
export function describeSite(settings: { name: string; tagline: string | null; description: string | null }, facts: SiteFacts | null): SiteIdentity {
  const sources = (facts?.topSources ?? []).map((s) => s.title?.trim() || s.brand);
  const more = facts && facts.sources > sources.length;
  const from = sources.length ? ` from ${sources.length === 1 || more ? sources.join(', ') : `${sources.slice(0, -1).join(', ')} and ${sources.at(-1)}`}${more ? ' and more' : ''}` : '';
  const tagline = settings.tagline ?? `Digital-health news${from}, curated by topic.`;
  const counts =
    facts && facts.items > 0
      ? ` ${count(facts.items, 'curated item')} from ${count(facts.sources, 'source')} on ${count(facts.topics, 'topic')}, each linked to its original publisher.`
      : '';
  return { name: settings.name, tagline, description: settings.description ?? `${tagline}${counts}` };
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** The site's identity for this request (the store's facts read once). */
export const siteIdentity = cache((): SiteIdentity => describeSite(config().site, identityFacts()));
