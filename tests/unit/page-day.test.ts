import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreVersion } from '../../lib/serving/store-version';
import { isNotModified, pageCacheControl, pageValidators } from '../../lib/site/http-cache';
import { tempDir } from '../support/helpers';

/**
 * A page is a function of the store, the build and the day: events turn from upcoming to
 * past by the date, so what every cache tier keeps of a page ends with the day. Browsers
 * and shared caches revalidate into a new version, shared caches keep a page no later
 * than midnight (UTC), and the front server's cache drops the day before's pages.
 */
const at = (iso: string) => Date.parse(iso);
const stamp = { digest: 'store-1', changedAt: new Date(at('2026-11-20T08:00:00Z')) };
const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });

describe('the day in a page’s version', () => {
  it('changes the validators at midnight, and only then', () => {
    const morning = pageValidators(stamp, 'build', '', at('2026-12-03T00:00:01Z'));
    const night = pageValidators(stamp, 'build', '', at('2026-12-03T23:59:59Z'));
    const tomorrow = pageValidators(stamp, 'build', '', at('2026-12-04T00:00:00Z'));
    expect(night.etag).toBe(morning.etag);
    expect(tomorrow.etag).not.toBe(night.etag);
    // A copy kept from yesterday is not current today, by either validator.
    expect(isNotModified(headers({ 'if-none-match': night.etag }), tomorrow)).toBe(false);
    expect(isNotModified(headers({ 'if-modified-since': night.lastModified }), tomorrow)).toBe(false);
    expect(isNotModified(headers({ 'if-modified-since': tomorrow.lastModified }), tomorrow)).toBe(true);
    // Modified when the store changed, or when the day began if that was later.
    expect(tomorrow.lastModified).toBe('Fri, 04 Dec 2026 00:00:00 GMT');
    const changedToday = pageValidators({ ...stamp, changedAt: new Date(at('2026-12-04T09:30:00Z')) }, 'build', '', at('2026-12-04T10:00:00Z'));
    expect(changedToday.lastModified).toBe('Fri, 04 Dec 2026 09:30:00 GMT');
  });

  it('lets shared caches keep a page until midnight at most', () => {
    const seconds = (iso: string) => Number(/s-maxage=(\d+)/.exec(pageCacheControl(at(iso)))![1]);
    expect(seconds('2026-12-03T00:00:00Z')).toBe(86_400);
    expect(seconds('2026-12-03T12:00:00Z')).toBe(43_200);
    expect(seconds('2026-12-03T23:59:30Z')).toBe(30);
    expect(seconds('2026-12-03T23:59:59.999Z')).toBe(1);
    expect(pageCacheControl(at('2026-12-03T12:00:00Z'))).toBe('public, max-age=0, s-maxage=43200, stale-while-revalidate=60, stale-if-error=86400');
  });

  it("tells the front server's cache of a new day as of a new store", () => {
    const file = path.join(tempDir('page-day'), 'site.db');
    fs.writeFileSync(file, 'store');
    let now = at('2026-12-03T23:59:00Z');
    const changes: (string | null)[] = [];
    const version = new StoreVersion(file, 0, (identity) => changes.push(identity), () => now);
    const today = version.current();
    expect(version.current()).toBe(today);
    now = at('2026-12-04T00:00:01Z');
    const tomorrow = version.current();
    expect(tomorrow).not.toBe(today);
    expect(version.fresh()).toBe(tomorrow);
    expect(changes).toEqual([today, tomorrow]);
  });
});
