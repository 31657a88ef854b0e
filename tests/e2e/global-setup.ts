import buildCommands from '../support/cli-setup';
import { buildApp } from '../support/server';

/**
 * Makes the compiled commands fresh, and builds the app once for every test file that
 * starts the server. TESTS_SKIP_BUILD=1
 * skips it when only tests that need no server run (and a build is already there).
 */
export default async function setup() {
  await buildCommands();
  if (process.env.TESTS_SKIP_BUILD === '1') return;
  await buildApp();
}
