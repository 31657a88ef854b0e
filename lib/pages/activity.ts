import { cache } from 'react';
import { recentSince } from '../store/queries/front-page';

/**
 * "Lately", for the subjects of the home page and the order of `/topics`: the four weeks
 * before the newest item (a corpus may end years before today), widened to at least 100
 * items and narrowed to at most 2,000, so a quiet month and a busy one both give a
 * useful, bounded sample.
 */
export const RECENT_ACTIVITY = { days: 28, minItems: 100, maxItems: 2_000 } as const;

/** Where "lately" begins in the store as it is now; null when it holds no items. */
export const recentActivitySince = cache(() => recentSince(RECENT_ACTIVITY));
