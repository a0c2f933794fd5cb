import type { LifecycleState } from "../lifecycle/states";

// The catalog's whole view state lives in the URL. This module is the client-safe half: the
// shape of a view, its canonical query string and its constants, free of zod so that it can
// ship to the browser. The server parses a URL into a view with parse-query.ts.

export const SORT_FIELDS = ["name", "state", "subsystem", "firstSeen", "lastSeen"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = "asc" | "desc";
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Catalog columns a user may hide (name and state always show). */
export const HIDEABLE_COLUMNS = ["subsystem", "firstSeen", "lastSeen", "progTypes", "flags"] as const;
export type HideableColumn = (typeof HIDEABLE_COLUMNS)[number];

export interface CatalogQuery {
  state?: LifecycleState;
  subsystem?: string;
  progType?: string;
  flag?: string;
  release?: string;
  q: string;
  sort: { field: SortField; direction: SortDirection };
  page: number;
  pageSize: number;
  hide: HideableColumn[];
  cols: "all" | "ingested";
}

/** The values each catalog filter can take, read from the data. */
export interface CatalogFilterOptions {
  subsystems: string[];
  progTypes: string[];
  flags: string[];
  releases: string[];
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The canonical query string for a view: defaults are left out so links stay short. */
export function catalogSearchString(query: Partial<CatalogQuery>): string {
  const out = new URLSearchParams();
  if (query.state) out.set("state", query.state.toLowerCase());
  if (query.subsystem) out.set("subsystem", query.subsystem);
  if (query.progType) out.set("progType", query.progType);
  if (query.flag) out.set("flag", query.flag);
  if (query.release) out.set("release", query.release);
  if (query.q) out.set("q", query.q);
  if (query.sort && !(query.sort.field === "name" && query.sort.direction === "asc")) {
    out.set("sort", `${query.sort.field}.${query.sort.direction}`);
  }
  if (query.page && query.page > 1) out.set("page", String(query.page));
  if (query.pageSize && query.pageSize !== 50) out.set("pageSize", String(query.pageSize));
  if (query.hide?.length) out.set("hide", query.hide.join(","));
  if (query.cols && query.cols !== "ingested") out.set("cols", query.cols);
  const s = out.toString();
  return s ? `?${s}` : "";
}

/**
 * Drops filter values the data does not have (a release that was never ingested, a flag no kfunc
 * carries): a link with a stale or mistyped value shows the unfiltered view with every control
 * saying what is applied, instead of an empty result behind controls that read "Any".
 */
export function restrictToOptions(query: CatalogQuery, options: CatalogFilterOptions): CatalogQuery {
  const keep = (value: string | undefined, allowed: readonly string[]) =>
    value !== undefined && allowed.includes(value) ? value : undefined;
  return {
    ...query,
    subsystem: keep(query.subsystem, options.subsystems),
    progType: keep(query.progType, options.progTypes),
    flag: keep(query.flag, options.flags),
    release: keep(query.release, options.releases),
  };
}
