import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // proxy.ts answers /x/ with a 301 to /x (Next.js would send a 308).
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
