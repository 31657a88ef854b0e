import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './helpers';

/** Where the screenshots go. */
export const SCREENSHOTS_DIR = path.join(ROOT, 'test-results', 'screenshots');

/**
 * A screenshot of the page for people to look at (test-results/screenshots/<name>.png),
 * taken only when asked: `SCREENSHOTS=1 npm test` (or `npm run test:e2e`). No assertion
 * reads them, and capturing whole pages was a fifth of the browser test's time (84 looks:
 * 27 s of 124 s, measured alone), paid by every run whether anyone looked or not. Whole
 * pages unless `fullPage: false` (the first screen of a phone).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage });
}
