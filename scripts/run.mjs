/**
 * `npm run <command>`: runs the compiled command from dist/cli/ (scripts/build-cli.mjs),
 * compiling it again first when any of its sources changed since (a stat of each, ~1 ms):
 * an edited record pipeline is never run from a stale build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [command, ...rest] = process.argv.slice(2);
const OUT_DIR = path.resolve('dist', 'cli');

function stale() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(OUT_DIR, 'sources.json'), 'utf8'));
  } catch {
    return true;
  }
  for (const [file, stamp] of Object.entries(recorded)) {
    let now = 'missing';
    try {
      const st = fs.statSync(file);
      now = `${st.size}:${st.mtimeMs}`;
    } catch {}
    if (now !== stamp) return true;
  }
  return false;
}

if (stale()) {
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli();
}
process.argv = [process.argv[0], path.join(OUT_DIR, `${command}.js`), ...rest];
await import(pathToFileURL(path.join(OUT_DIR, `${command}.js`)).href);
