import Link from "next/link";
import type { CatalogRow } from "@/lib/catalog/get-catalog";
import {
  type CatalogQuery,
  catalogSearchString,
  type HideableColumn,
  type SortField,
} from "@/lib/catalog/query";
import { toRowTuple } from "@/lib/catalog/row-tuple";
import { CatalogRows } from "./catalog-rows";
import { ColumnToggle } from "./column-toggle";

// The catalog table. The frame and the sort links (plain links: sorting works without
// JavaScript) render on the server; the rows travel once as compact tuples to CatalogRows,
// which renders them with short classes (app/globals.css, .ct).

interface Column {
  id: "name" | "state" | HideableColumn;
  label: string;
  sortable: boolean;
}

const COLUMNS: readonly Column[] = [
  { id: "name", label: "Name", sortable: true },
  { id: "state", label: "State", sortable: true },
  { id: "subsystem", label: "Subsystem", sortable: true },
  { id: "firstSeen", label: "First", sortable: true },
  { id: "lastSeen", label: "Last", sortable: true },
  { id: "progTypes", label: "Program types", sortable: false },
  { id: "flags", label: "Flags", sortable: false },
];

export function CatalogTable({ rows, query }: { rows: CatalogRow[]; query: CatalogQuery }) {
  const hidden = new Set<string>(query.hide);
  const columns = COLUMNS.filter((c) => !hidden.has(c.id));
  return (
    <div className="space-y-2">
      <ColumnToggle
        query={query}
        columns={COLUMNS.filter((c) => c.id !== "name" && c.id !== "state").map((c) => ({
          id: c.id as HideableColumn,
          label: c.label,
        }))}
      />
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="ct w-full border-collapse text-left text-sm">
          <caption className="sr-only">
            kfuncs matching the filters, sorted by {query.sort.field} ({query.sort.direction})
          </caption>
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              {columns.map((column) => (
                <HeaderCell key={column.id} column={column} query={query} />
              ))}
            </tr>
          </thead>
          <CatalogRows rows={rows.map(toRowTuple)} hidden={query.hide} />
        </table>
      </div>
    </div>
  );
}

function HeaderCell({ column, query }: { column: Column; query: CatalogQuery }) {
  const sorted = query.sort.field === column.id ? query.sort.direction : null;
  const className = "px-3 py-2 font-semibold";
  if (!column.sortable) {
    return (
      <th scope="col" className={className}>
        {column.label}
      </th>
    );
  }
  // A click on the sorted column reverses it; on another column sorts ascending.
  const direction = sorted === "asc" ? "desc" : "asc";
  const href = `/kfuncs${catalogSearchString({ ...query, sort: { field: column.id as SortField, direction }, page: 1 })}`;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
    >
      <Link
        href={href}
        scroll={false}
        className="inline-flex items-center gap-1 no-underline hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        {column.label}
        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
      </Link>
    </th>
  );
}
