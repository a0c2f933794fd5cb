// The catalog's exports: exactly the filtered, sorted view, every page. Pure formatting.
import { stringify } from "csv-stringify/sync";
import type { CatalogRow } from "./get-catalog";

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

/** The export's columns: every column, less those the view hides. */
export function exportColumns(hide: readonly string[] = []): string[] {
  return EXPORT_COLUMNS.filter((c) => !hide.includes(c));
}

/** RFC 4180 CSV with a header row; list fields are joined with "|" as KF flags are written in C. */
export function catalogCsv(rows: readonly CatalogRow[], hide: readonly string[] = []): string {
  return stringify(
    rows.map((r) => ({ ...r, flags: r.flags.join("|"), progTypes: r.progTypes.join("|") })),
    { header: true, columns: exportColumns(hide), record_delimiter: "\r\n" },
  );
}
