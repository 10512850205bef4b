import type { NextConfig } from 'next';

// The browser talks to the API through this origin, so the refresh-token cookie
// (HttpOnly, SameSite=Strict, Path=/graphql) is first-party and never crosses sites.
// Next evaluates rewrites at `next build` and bakes them into the build output:
// set API_URL when building, not only when starting.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async rewrites() {
    return [{ source: '/graphql', destination: `${apiUrl}/graphql` }];
  },
};

export default nextConfig;
