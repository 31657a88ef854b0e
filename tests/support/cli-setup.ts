import { buildCli, cliIsStale } from '../../scripts/build-cli.mjs';
import { ROOT } from './helpers';

/**
 * Global setup: the compiled commands (dist/cli/) made fresh once before the tests spawn
 * them, as scripts/run.mjs would before each command. The build is swapped in whole, so a
 * second test run building at the same time shows neither half a build.
 */
export default async function setup() {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    if (cliIsStale()) await buildCli();
  } finally {
    process.chdir(cwd);
  }
}
