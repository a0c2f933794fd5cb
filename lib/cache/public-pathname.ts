// Safe for the browser: the navigation reads it.

/** Where the rendered pages live; a request may not ask for it by name (proxy.ts answers 404). */
export const CACHED_PREFIX = "/cached-view";

/**
 * The path the visitor asked for, from the path a cached page was rendered under (what
 * `usePathname` sees while Next renders it): so that the navigation marks the same link in the
 * cached HTML as in the browser. Any other path comes back as it is.
 */
export function publicPathname(pathname: string): string {
  if (!pathname.startsWith(`${CACHED_PREFIX}/`)) return pathname;
  const [, , , section, rest] = pathname.split("/");
  if (section === "overview") return "/";
  if (section === "kfunc") return `/kfuncs/${rest ?? ""}`;
  return `/${section ?? ""}`;
}
