// The catalog's exports: exactly the filtered, sorted view, every page. Pure formatting.
import { stringify } from "csv-stringify/sync";
import type { Availability } from "../matrix/cells";
import type { CatalogExportRow } from "./get-catalog";

export const EXPORT_COLUMNS = [
  "name",
  "state",
  "subsystem",
  "firstSeen",
  "lastSeen",
  "prototype",
  "flags",
  "progTypes",
] as const;

/** The CSV's availability columns: the releases where each kfunc is present, and where inferred. */
export const CSV_AVAILABILITY_COLUMNS = ["presentIn", "inferredIn"] as const;

/** The export's columns: every column, less those the view hides. */
export function exportColumns(hide: readonly string[] = []): string[] {
  return EXPORT_COLUMNS.filter((c) => !hide.includes(c));
}

/**
 * RFC 4180 CSV with a header row, one row per kfunc; list fields are joined with "|" as KF flags
 * are written in C. `presentIn` lists the releases read to have the kfunc, `inferredIn` those not
 * ingested where it is inferred (the ingested releases on both sides have it).
 */
export function catalogCsv(rows: readonly CatalogExportRow[], hide: readonly string[] = []): string {
  return stringify(
    rows.map((r) => ({
      ...r,
      flags: r.flags.join("|"),
      progTypes: r.progTypes.join("|"),
      presentIn: releasesWhere(r, "present").join("|"),
      inferredIn: releasesWhere(r, "inferred").join("|"),
    })),
    {
      header: true,
      columns: [...exportColumns(hide), ...CSV_AVAILABILITY_COLUMNS],
      record_delimiter: "\r\n",
    },
  );
}

/**
 * The JSON export: the view's URL, the count and each kfunc with the view's columns and its
 * `availability` in every known release, oldest first (as the API's kfunc detail gives it).
 */
export function catalogJson(rows: readonly CatalogExportRow[], hide: readonly string[], view: string) {
  const columns = exportColumns(hide);
  return {
    view,
    count: rows.length,
    kfuncs: rows.map((row) => ({
      ...Object.fromEntries(columns.map((c) => [c, row[c as keyof CatalogExportRow]])),
      availability: row.availability,
    })),
  };
}

function releasesWhere(row: CatalogExportRow, availability: Availability): string[] {
  return row.availability.filter((a) => a.availability === availability).map((a) => a.release);
}
