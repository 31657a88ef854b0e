/**
 * `npm run <command>`: runs the compiled command from dist/cli/ (scripts/build-cli.mjs),
 * compiling it again first when any of its sources changed since (a stat of each, ~1 ms):
 * an edited record pipeline is never run from a stale build.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, cliIsStale, OUT_DIR } from './build-cli.mjs';

const [command, ...rest] = process.argv.slice(2);

if (cliIsStale()) await buildCli();
process.argv = [process.argv[0], path.join(OUT_DIR, `${command}.js`), ...rest];
await import(pathToFileURL(path.join(OUT_DIR, `${command}.js`)).href);
