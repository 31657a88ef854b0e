/**
 * npm run serve [-- -p PORT -H HOST]: the production server. Next.js (`next start`, the
 * built app) runs as a child on a private loopback port; in front of it, a page cache
 * (lib/serving/) answers reader pages, feeds and sitemaps from memory until the store
 * changes. PORT (default 3000); PAGE_CACHE_MB (default 64) bounds the cache;
 * STORE_CHECK_MS (default 0: every request) how long a new store may go unnoticed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFrontServer } from '../lib/serving/front-server';
import { startNextProcess } from '../lib/serving/next-process';
import { PageCache } from '../lib/serving/page-cache';
import { config } from '../lib/config/env';

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const settings = config();
const port = values.port ? Number(values.port) : settings.port;
const hostname = values.hostname;

const cache = new PageCache({
  storeFile: settings.databaseFile,
  maxBytes: settings.pageCacheBytes,
  // 0: stat the store on every request (~3 µs), so a page requested after an ingest
  // finished shows it (the web editor redirects to what it just saved).
  storeCheckIntervalMs: settings.storeCheckMs,
});
const next = await startNextProcess({ dir: process.cwd() });
const server = createFrontServer({
  upstream: next.upstream,
  cache,
  hostNames: settings.siteHosts,
  staticRoots: { mediaDir: settings.mediaDir, nextStaticDir: path.join(process.cwd(), '.next', 'static') },
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await next.stop();
  process.exit(code);
}
// Without Next.js there is nothing to render misses: stop, and let the supervisor restart both.
next.child.on('exit', (code, signal) => {
  if (!stopping) console.error(`serve: next start exited (${code ?? signal}); stopping`);
  void stop(code || 1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

server.listen(port, hostname, () => {
  console.log(`serve: http://${hostname ?? 'localhost'}:${port} (Next.js on ${next.upstream.host}:${next.upstream.port}, page cache ${settings.pageCacheBytes / 1024 / 1024} MiB, store ${cache.store.file})`);
});
server.on('error', (error) => {
  console.error(`serve: ${error.message}`);
  void stop(1);
});
