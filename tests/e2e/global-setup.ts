import { buildApp } from '../support/server';

/**
 * Builds the app once for every test file that starts the server. TESTS_SKIP_BUILD=1
 * skips it when only tests that need no server run (and a build is already there).
 */
export default function setup() {
  if (process.env.TESTS_SKIP_BUILD === '1') return;
  buildApp();
}
