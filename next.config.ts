import type { NextConfig } from 'next';
import { sourceDigest } from './lib/config/source-digest';

/**
 * The build's id from the contents of what it is built from, not a random one: two nodes
 * built from the same sources give pages the same ETag (proxy.ts puts the id in it), so a
 * cache's revalidation sent to either gets its 304.
 */
const BUILD_SOURCES = ['app', 'components', 'lib', 'prisma', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];

const nextConfig: NextConfig = {
  generateBuildId: async () => sourceDigest(process.cwd(), BUILD_SOURCES, ['generated']).slice(0, 20),
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts answers /x/ with a 301 to /x (Next.js would send a 308).
  skipTrailingSlashRedirect: true,
  // One small stylesheet: inline it rather than block the first paint on a request.
  experimental: { inlineCss: true },
  // Pages are rendered once and kept for every reader (lib/serving/page-cache.ts), so they
  // must not depend on who asked first: metadata always in <head>, as Next.js gives bots,
  // never streamed after it (the front server sends renderings no User-Agent).
  htmlLimitedBots: /.*/,
  // The web editor's saves run the ingest in the server (lib/ingest), which can bundle
  // its worker with esbuild: a native binary, loaded from node_modules, never bundled.
  serverExternalPackages: ['esbuild'],
};

export default nextConfig;
