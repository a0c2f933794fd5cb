import { z } from "zod";
import { LIFECYCLE_STATES, type LifecycleState } from "./lifecycle";
import { normaliseReleaseTag } from "./version";

// The catalog's whole view state lives in the URL. This one parser feeds the server query and
// the client controls alike; each field that does not parse falls back to its default on its
// own, so a bad link still shows the catalog, never an error.

export const SORT_FIELDS = ["name", "state", "subsystem", "firstSeen", "lastSeen"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = "asc" | "desc";
export const PAGE_SIZES = [25, 50, 100, 200] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) =>
  z
    .preprocess(first, z.string().trim().max(max))
    .catch("")
    .transform((v) => v ?? "");

const stateParam = z
  .preprocess(first, z.string())
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(LIFECYCLE_STATES))
  .optional()
  .catch(undefined);

// Kernel identifiers: letters, digits, underscores. Anything else is junk.
const identifier = z
  .preprocess(
    first,
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_]{1,64}$/),
  )
  .optional()
  .catch(undefined);

const subsystemParam = z
  .preprocess(
    first,
    z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/),
  )
  .optional()
  .catch(undefined);

const releaseParam = z
  .preprocess(first, z.string())
  .transform((v, ctx) => {
    const tag = normaliseReleaseTag(v);
    if (tag) return tag;
    ctx.addIssue({ code: "custom", message: "not a release" });
    return z.NEVER;
  })
  .optional()
  .catch(undefined);

const sortParam = z
  .preprocess(first, z.string())
  .transform((v, ctx) => {
    const [field, direction = "asc"] = v.split(".");
    if (!SORT_FIELDS.includes(field as SortField) || (direction !== "asc" && direction !== "desc")) {
      ctx.addIssue({ code: "custom", message: "bad sort" });
      return z.NEVER;
    }
    return { field: field as SortField, direction: direction as SortDirection };
  })
  .catch({ field: "name", direction: "asc" });

const pageParam = z.preprocess(first, z.coerce.number().int().min(1).max(100_000)).catch(1);
const pageSizeParam = z
  .preprocess(first, z.coerce.number().int())
  .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
  .catch(50);

/** Catalog columns a user may hide (name and state always show). */
export const HIDEABLE_COLUMNS = ["subsystem", "firstSeen", "lastSeen", "progTypes", "flags"] as const;
export type HideableColumn = (typeof HIDEABLE_COLUMNS)[number];

const hideParam = z
  .preprocess(first, z.string())
  .transform((v) =>
    [...new Set(v.split(","))].filter((c): c is HideableColumn =>
      (HIDEABLE_COLUMNS as readonly string[]).includes(c),
    ),
  )
  .catch([]);

// The matrix shows every known release, or only the ingested ones.
const colsParam = z.preprocess(first, z.enum(["all", "ingested"])).catch("all");

const catalogSchema = z.object({
  state: stateParam,
  subsystem: subsystemParam,
  progType: identifier,
  flag: identifier,
  release: releaseParam,
  q: text(100),
  sort: sortParam,
  page: pageParam,
  pageSize: pageSizeParam,
  hide: hideParam,
  cols: colsParam,
});

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

export type RawSearchParams = Record<string, string | string[] | undefined>;

export function parseCatalogQuery(params: RawSearchParams | URLSearchParams): CatalogQuery {
  const record: RawSearchParams =
    params instanceof URLSearchParams ? Object.fromEntries(params.entries()) : params;
  const parsed = catalogSchema.parse(record);
  return { ...parsed, q: parsed.q ?? "", hide: parsed.hide ?? [], cols: parsed.cols ?? "all" };
}

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
  if (query.cols && query.cols !== "all") out.set("cols", query.cols);
  const s = out.toString();
  return s ? `?${s}` : "";
}

/**
 * Drops filter values the data does not have (a release that was never ingested, a flag no kfunc
 * carries): a link with a stale or mistyped value shows the unfiltered view with every control
 * saying what is applied, instead of an empty result behind controls that read "Any".
 */
export function restrictToOptions(
  query: CatalogQuery,
  options: {
    subsystems: readonly string[];
    progTypes: readonly string[];
    flags: readonly string[];
    releases: readonly string[];
  },
): CatalogQuery {
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
