import { addressKind } from '../urls/addresses';
import { routes } from '../urls/pages';
import type { Breadcrumb } from '../content/schema';
import { resolveRoute } from './resolve';

/** A step of a page's breadcrumb trail: a link, or text (`href: null`). */
export interface TrailStep {
  label: string;
  href: string | null;
}

const NO_PARAMS = new URLSearchParams();

/**
 * An item's trail as its page shows it (the record's own, lib/content/schema.ts): a
 * step links where a page answers — home, a section (named as its page is named), a
 * page of ours that exists (an old address: where it leads now) — and is text
 * otherwise. The last step is the item, under its title. `itemSections`: those the item's
 * trail passes through (its NewsSection rows), as their pages are named.
 */
export function itemTrail(breadcrumbs: Breadcrumb[], title: string, itemSections: { path: string; label: string }[]): TrailStep[] {
  const sections = new Map(itemSections.map((s) => [s.path, s.label]));
  return breadcrumbs.map((step, i): TrailStep => {
    if (i === breadcrumbs.length - 1) return { label: title, href: null };
    if (step.href === null) return { label: step.label, href: null };
    switch (addressKind(step.href)) {
      case 'home':
        return { label: step.label, href: routes.home() };
      case 'section': {
        const label = sections.get(step.href);
        return label === undefined ? { label: step.label, href: null } : { label, href: step.href };
      }
      case 'page': {
        const resolved = resolveRoute(step.href, NO_PARAMS);
        if (resolved.kind === 'page') return { label: step.label, href: step.href };
        if (resolved.kind === 'redirect') return { label: step.label, href: resolved.location };
        return { label: step.label, href: null };
      }
      default:
        return { label: step.label, href: null };
    }
  });
}
