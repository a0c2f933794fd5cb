import { randomUUID } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { CACHED_PREFIX, cachedRouteFor, hasSessionCookie } from "@/lib/cache/cached-routes";
import { readCatalogVersion } from "@/lib/cache/catalog-version";

// Serves the catalog's pages from Next's cache of rendered pages: a rewrite to the route that holds
// the catalog's version and the view in its path (lib/cache/cached-routes.ts). The version is read
// from the database on every request, so a write made through any app process is seen at once.

// The rewritten request passes through here again; only this process's own rewrites may reach the
// cached routes (asked for by name, they would fill the cache with versions that are not current).
const REWRITE_TOKEN = randomUUID();
const TOKEN_HEADER = "x-kfunc-cached-view";

/**
 * Next marks a cached page fresh for a year (s-maxage); a shared cache in front (a CDN, nginx) must
 * ask again each time instead, or it would miss the next write.
 */
function revalidateEachTime(response: NextResponse): NextResponse {
  response.headers.set("Cache-Control", "public, max-age=0, must-revalidate");
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname.startsWith(CACHED_PREFIX)) {
    if (request.headers.get(TOKEN_HEADER) !== REWRITE_TOKEN)
      return new NextResponse("Not found", { status: 404 });
    return revalidateEachTime(NextResponse.next());
  }
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();
  // A navigation inside the app (the router's payload request) is rendered by the page itself, from
  // cached data: served from the cached route, each new view would be a new page to the router, and
  // the filters would be mounted anew (the search box losing its focus) on every change of the URL.
  if (request.headers.get("rsc") === "1") return NextResponse.next();
  const signedIn = hasSessionCookie(request.cookies.getAll().map((c) => c.name));
  const target = cachedRouteFor(pathname, searchParams, await readCatalogVersion(), signedIn);
  if (!target) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(TOKEN_HEADER, REWRITE_TOKEN);
  return revalidateEachTime(NextResponse.rewrite(new URL(target, request.url), { request: { headers } }));
}

export const config = {
  matcher: ["/", "/kfuncs", "/kfuncs/:name", "/matrix", "/releases/:tag", "/cached-view/:path*"],
};
