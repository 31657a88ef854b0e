import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { PAGE_TYPES, siteContentDir, tempDir } from '../support/helpers';
import { startLighthousePool, type LighthousePool, type LighthouseResult } from '../support/lighthouse';
import { startServer, type RunningServer } from '../support/server';

/**
 * Lighthouse on every page type, in Debian's Chromium, as a phone (Lighthouse's default
 * mobile emulation and simulated slow 4G): SEO and accessibility at 100, performance at
 * 95 or more. Pages are served by the production server (npm run serve), which sends
 * them without Next.js's client runtime. Two pages are audited at a time, each by its own
 * Lighthouse process and Chromium (tests/support/lighthouse.ts): the scores come from
 * Lighthouse's simulated phone and network, replayed from the recorded load, and these
 * pages score 1 with room to spare (first paint ~0.8 s where 95 asks ~2 s); a run slowed by
 * the other is measured again with the cores to itself (below).
 */
/**
 * What costs time without bearing on a score: the full-page screenshot (shown in the HTML
 * report only), the extra about:blank load before each page, and one-second quiet windows
 * (under simulated throttling the scores come from the recorded load, replayed; these
 * pages have no client JavaScript to wait for).
 */
const LIGHTHOUSE_SPEEDUPS = { disableFullPageScreenshot: true, skipAboutBlank: true, pauseAfterFcpMs: 250, pauseAfterLoadMs: 250, networkQuietThresholdMs: 250, cpuQuietThresholdMs: 250 };

let server: RunningServer;
let lighthouse: LighthousePool;

beforeAll(async () => {
  const dbFile = path.join(tempDir('lighthouse'), 'site.db');
  expect((await ingestAll({ contentDir: siteContentDir(), databasePath: dbFile })).problems).toEqual([]);
  // Canonical URLs on the origin being audited: Lighthouse checks that they resolve.
  server = await startServer({ DATABASE_URL: `file:${dbFile}` });
  lighthouse = await startLighthousePool(2);
}, 120_000);

afterAll(async () => {
  await lighthouse?.close();
  await server?.stop();
});

describe.concurrent('Lighthouse', () => {
  for (const [name, url] of PAGE_TYPES) {
    it(`scores 100 for SEO and accessibility, 95+ for performance on the ${name} page`, async ({ expect }) => {
      // Performance is measured in time on this machine: a run that shared the cores with
      // other work scores lower (total blocking time grows), so the best run counts: the
      // first beside another audit, then up to three with none beside it (as many alone as
      // when audits ran one at a time); SEO and accessibility do not depend on time and are
      // read from the last run.
      let lhr!: LighthouseResult;
      let performance = 0;
      let metrics: string[] = [];
      for (let attempt = 1; attempt <= 4 && performance < 0.95; attempt++) {
        lhr = await lighthouse.audit(server.url + url, { onlyCategories: ['performance', 'seo', 'accessibility'], logLevel: 'error', output: 'json', ...LIGHTHOUSE_SPEEDUPS }, { alone: attempt > 1 });
        const score = lhr.categories.performance!.score!;
        const seen = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map((id) => `${id} ${lhr.audits[id]?.displayValue}`);
        console.log(`lighthouse ${name}: performance ${score} (${seen.join(', ')})${attempt > 1 ? ` (run ${attempt})` : ''}`);
        if (score > performance) [performance, metrics] = [score, seen];
      }
      expect(performance, metrics.join(', ')).toBeGreaterThanOrEqual(0.95);
      const failing = Object.values(lhr.categories.seo!.auditRefs.concat(lhr.categories.accessibility!.auditRefs))
        .map((ref) => lhr.audits[ref.id]!)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
        .map((a) => `${a.id}: ${a.title}`);
      if (name === 'search') {
        // Search results are noindex on purpose; Lighthouse counts that against SEO.
        expect(failing.filter((f) => !f.startsWith('is-crawlable'))).toEqual([]);
      } else {
        expect(failing).toEqual([]);
        expect(lhr.categories.seo!.score).toBe(1);
      }
      expect(lhr.categories.accessibility!.score).toBe(1);
    }, 180_000);
  }
});
