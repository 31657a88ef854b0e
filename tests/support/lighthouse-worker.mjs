/**
 * One Lighthouse process with its own Chromium, auditing the pages its parent sends, one at
 * a time (tests/support/lighthouse.ts). A process each, not two audits in one: Lighthouse
 * keeps its timing marks process-wide and clears them all when a run ends, so a second run
 * in the same process can lose the marks it started and throw.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const { chromePath, chromeFlags } = JSON.parse(process.env.LIGHTHOUSE_CHROME ?? '{}');
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
process.on('message', async ({ id, url, flags }) => {
  try {
    const result = await lighthouse(url, { port: chrome.port, ...flags });
    process.send({ id, lhr: result?.lhr });
  } catch (err) {
    process.send({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
process.on('disconnect', () => {
  chrome.kill();
  process.exit(0);
});
process.send({ ready: true });
