import "server-only";
import { z } from "zod";
import { LIFECYCLE_STATES } from "../lifecycle/states";
import { normaliseReleaseTag } from "../releases/version";
import { toWellFormed, withoutControlCharacters } from "../util/text";
import {
  type CatalogQuery,
  HIDEABLE_COLUMNS,
  type HideableColumn,
  PAGE_SIZES,
  type RawSearchParams,
  SORT_FIELDS,
  type SortDirection,
  type SortField,
} from "./query";

// Parses a URL's search parameters into a catalog view (query.ts). Each field that does not
// parse falls back to its default on its own, so a bad link still shows the catalog, never an
// error. Server only: zod stays out of the browser.

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// Control characters (NUL among them, which PostgreSQL refuses) are never in a kfunc's name or
// prototype: dropped, so a pasted link with one still searches. Half a surrogate pair becomes U+FFFD.
const text = (max: number) =>
  z
    .preprocess(
      first,
      z
        .string()
        .transform((v) => toWellFormed(withoutControlCharacters(v)))
        .pipe(z.string().trim().max(max)),
    )
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

const hideParam = z
  .preprocess(first, z.string())
  .transform((v) =>
    [...new Set(v.split(","))].filter((c): c is HideableColumn =>
      (HIDEABLE_COLUMNS as readonly string[]).includes(c),
    ),
  )
  .catch([]);

// The matrix shows every known release, or only the ingested ones.
const colsParam = z.preprocess(first, z.enum(["all", "ingested"])).catch("ingested");

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

export function parseCatalogQuery(params: RawSearchParams | URLSearchParams): CatalogQuery {
  const record: RawSearchParams =
    params instanceof URLSearchParams ? Object.fromEntries(params.entries()) : params;
  const parsed = catalogSchema.parse(record);
  return { ...parsed, q: parsed.q ?? "", hide: parsed.hide ?? [], cols: parsed.cols ?? "ingested" };
}
