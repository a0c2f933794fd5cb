// Which requests are answered from Next's cache of rendered pages, and under which key. proxy.ts
// rewrites such a request to a route under app/cached-view/[version]/… whose path holds the
// catalog's version and the request's search parameters: Next renders that path once, keeps the
// HTML and the RSC payload (its incremental cache, in memory: next.config.ts), and serves them to
// every later request for the same view until the version moves on. Pure: no Next, no database.

import { CACHED_PREFIX } from "./public-pathname";

export { CACHED_PREFIX };

/** better-auth's session cookie, plain or with the __Secure- prefix it takes over HTTPS. */
export const hasSessionCookie = (cookieNames: readonly string[]) =>
  cookieNames.some((n) => n === "better-auth.session_token" || n === "__Secure-better-auth.session_token");

/**
 * Search parameters as one path segment: sorted, so that the same view has one key, and without
 * `_rsc` (the router's cache-buster on its payload requests, which says nothing about the view).
 */
export function encodeView(search: URLSearchParams): string {
  const pairs = [...search.entries()]
    .filter(([key]) => key !== "_rsc")
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  if (!pairs.length) return "-";
  return Buffer.from(new URLSearchParams(pairs).toString()).toString("base64url");
}

/** The search parameters back, in the shape a page's `searchParams` has. Junk gives none. */
export function decodeView(view: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (view === "-" || !/^[A-Za-z0-9_-]+$/.test(view)) return out;
  for (const [key, value] of new URLSearchParams(Buffer.from(view, "base64url").toString())) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/**
 * The cached route for a GET of `pathname?search`, or null when it must be rendered for this
 * request. Pages that show nothing per user are cached for everyone; the kfunc page shows a signed-in
 * user their forms, so it is cached only for visitors without a session cookie.
 */
export function cachedRouteFor(
  pathname: string,
  search: URLSearchParams,
  version: string,
  signedIn: boolean,
): string | null {
  const at = `${CACHED_PREFIX}/${version}`;
  if (pathname === "/") return `${at}/overview`;
  if (pathname === "/kfuncs") return `${at}/kfuncs/${encodeView(search)}`;
  if (pathname === "/matrix") return `${at}/matrix/${encodeView(search)}`;
  const release = /^\/releases\/(v?\d{1,2}\.\d{1,3})$/.exec(pathname);
  if (release) return `${at}/release/${release[1]}/${encodeView(search)}`;
  const kfunc = /^\/kfuncs\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(pathname);
  if (kfunc && !signedIn && [...search.keys()].every((key) => key === "_rsc"))
    return `${at}/kfunc/${kfunc[1]}`;
  return null;
}
