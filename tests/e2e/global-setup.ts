import buildCommands from '../support/cli-setup';
import { buildApp } from '../support/server';

/**
 * Makes the compiled commands fresh, and starts the one build of the app for every test
 * file that starts the server. TESTS_SKIP_BUILD=1
 * skips it when only tests that need no server run (and a build is already there).
 */
export default async function setup() {
  await buildCommands();
  if (process.env.TESTS_SKIP_BUILD === '1') return;
  // Not awaited: the app builds while the unit and integration tests run (a minute or
  // more saved on a fresh clone); every server waits for it (startServer → buildApp), and
  // a failed build is built again, and reported, by the first file that needs it.
  buildApp().catch(() => {});
}
