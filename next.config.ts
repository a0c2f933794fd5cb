import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security/headers";

const config: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "proper-lockfile",
  ],
  poweredByHeader: false,
  // The security headers on every answer: pages, API, feeds, exports, static files (see
  // lib/security/headers.ts for the Content-Security-Policy and why it is a static one).
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "development") }];
  },
  // Catalog reads are cached by Next under the catalog's version (lib/cache/versioned.ts): in
  // memory only, each process its own. Written to disk, every version would leave its entries
  // behind in .next/cache for ever.
  // A browser keeps a cached page it has visited for staleTimes.static seconds (5 minutes by default)
  // and navigates back to it without asking: 30 s, the least Next allows, bounds how long another
  // user's write can go unseen there (the writer's own browser is refreshed by the action).
  experimental: { isrFlushToDisk: false, staleTimes: { static: 30 } },
  // proxy.ts sees the request's own URL, so that its rewrite to a cached page has the server's own
  // origin and is served in-process (with the URL rebuilt on "localhost" it would go out as an HTTP
  // request to this same server when it listens on 127.0.0.1).
  skipProxyUrlNormalize: true,
  // `npm run typecheck` checks the whole project (CLI and scripts included) in CI; the build
  // need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default config;
