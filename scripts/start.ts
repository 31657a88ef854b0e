/**
 * npm start: ingest content/, build the app if its sources changed since the last
 * build, then serve it (PORT, default 3000). The served store is whatever
 * DATABASE_URL names; later ingests show without a restart.
 */
import { spawnSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { localServeEnv } from '../lib/config/env';
import { commandLine } from './node-flags.mjs';

const bin = (name: string) => path.resolve('node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// The compiled commands (scripts/run.mjs): no TypeScript compiled at each start.
run(process.execPath, commandLine('ingest'));

const digestFile = path.join('.next', 'source-digest');
const digest = sourceDigest(['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json']);
const built = fs.existsSync(path.join('.next', 'BUILD_ID')) && fs.existsSync(digestFile) && fs.readFileSync(digestFile, 'utf8') === digest;
if (!built) {
  run(bin('next'), ['build']);
  fs.writeFileSync(digestFile, digest);
}

// The production server (npm run serve): the page cache in front of `next start`, its
// canonical URLs and feeds on the origin it serves unless SITE_URL names another.
const served = localServeEnv(process.env);
if (served.defaulted) console.log(`start: SITE_URL is not set; canonical URLs, feeds and sitemaps name ${served.siteUrl} (set SITE_URL to the public origin)`);
const server = spawn(process.execPath, [...commandLine('serve'), '-p', process.env.PORT ?? '3000'], { stdio: 'inherit', env: served.env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

/** Sizes and modification times of every source file: cheap, and enough to notice edits. */
function sourceDigest(entries: string[]): string {
  const hash = crypto.createHash('sha256');
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  entries.forEach(visit);
  return hash.digest('hex');
}
