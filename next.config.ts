import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';

/**
 * The build's id from the contents of what it is built from, not a random one: two nodes
 * built from the same sources give pages the same ETag (proxy.ts puts the id in it), so a
 * cache's revalidation sent to either gets its 304.
 */
function sourceDigest(): string {
  const hash = crypto.createHash('sha256');
  const visit = (rel: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(rel);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(rel).sort()) if (name !== 'generated') visit(path.join(rel, name));
    } else {
      hash.update(`${rel}\0`);
      hash.update(fs.readFileSync(rel));
    }
  };
  for (const entry of ['app', 'components', 'lib', 'prisma', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'tsconfig.json']) visit(entry);
  return hash.digest('hex').slice(0, 20);
}

const nextConfig: NextConfig = {
  generateBuildId: async () => sourceDigest(),
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts answers /x/ with a 301 to /x (Next.js would send a 308).
  skipTrailingSlashRedirect: true,
  // One small stylesheet: inline it rather than block the first paint on a request.
  experimental: { inlineCss: true },
  // The web editor's saves run the ingest in the server (lib/ingest), which can bundle
  // its worker with esbuild: a native binary, loaded from node_modules, never bundled.
  serverExternalPackages: ['esbuild'],
};

export default nextConfig;
