import { cache } from 'react';
import { openStore } from '../store/connection';
import { siteFacts, type SiteFacts } from '../store/queries/front-page';

/** How many sources the default tagline names. */
const NAMED_SOURCES = 3;

/**
 * What the site's default tagline and description are made of: its item, source and
 * topic counts and its largest sources. Null before any store exists (the 404 page can
 * render then).
 */
export const identityFacts = cache((): SiteFacts | null => (openStore() ? siteFacts(NAMED_SOURCES) : null));
