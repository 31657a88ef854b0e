import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
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
