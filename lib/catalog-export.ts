// The catalog's exports: exactly the filtered, sorted view, every page. Pure formatting.
import { stringify } from "csv-stringify/sync";
import type { CatalogRow } from "./kfuncs";

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

/** RFC 4180 CSV with a header row; list fields are joined with "|" as KF flags are written in C. */
export function catalogCsv(rows: readonly CatalogRow[]): string {
  return stringify(
    rows.map((r) => ({ ...r, flags: r.flags.join("|"), progTypes: r.progTypes.join("|") })),
    { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: "\r\n" },
  );
}
