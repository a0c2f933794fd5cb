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
  // `npm run typecheck` checks the whole project (CLI and scripts included) in CI; the build
  // need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default config;
