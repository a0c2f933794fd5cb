import Link from "next/link";
import type { CatalogRow } from "@/lib/catalog/get-catalog";
import {
  type CatalogQuery,
  catalogSearchString,
  type HideableColumn,
  type SortField,
} from "@/lib/catalog/query";
import { progTypeLabel } from "@/lib/kernel/prog-types";
import { StateBadge } from "../state-badge";
import { ColumnToggle } from "./column-toggle";

// The catalog table, rendered on the server: the rows reach the browser once, as markup, and no
// table code runs there. Sorting is a link per header (it works without JavaScript); hiding a
// column is the one client leaf. Repeated cells use short classes (app/globals.css, .ct).

interface Column {
  id: "name" | "state" | HideableColumn;
  label: string;
  sortable: boolean;
  /** Shown from the sm breakpoint up only. */
  wide?: boolean;
  cell: (row: CatalogRow) => React.ReactNode;
}

const chips = (values: string[]) =>
  values.length ? (
    <ul className="chips">
      {values.map((v) => (
        <li key={v}>{progTypeLabel(v)}</li>
      ))}
    </ul>
  ) : (
    "—"
  );

const releaseLink = (tag: string | null) => (tag ? <Link href={`/releases/${tag}`}>{tag}</Link> : "—");

export const CATALOG_COLUMNS: readonly Column[] = [
  {
    id: "name",
    label: "Name",
    sortable: true,
    cell: (row) => (
      <>
        <Link href={`/kfuncs/${encodeURIComponent(row.name)}`} className="n">
          {row.name}
        </Link>
        {row.prototype ? <code className="p">{row.prototype}</code> : null}
      </>
    ),
  },
  { id: "state", label: "State", sortable: true, cell: (row) => <StateBadge state={row.state} /> },
  { id: "subsystem", label: "Subsystem", sortable: true, wide: true, cell: (row) => row.subsystem },
  { id: "firstSeen", label: "First", sortable: true, wide: true, cell: (row) => releaseLink(row.firstSeen) },
  { id: "lastSeen", label: "Last", sortable: true, wide: true, cell: (row) => releaseLink(row.lastSeen) },
  {
    id: "progTypes",
    label: "Program types",
    sortable: false,
    wide: true,
    cell: (row) => chips(row.progTypes),
  },
  { id: "flags", label: "Flags", sortable: false, wide: true, cell: (row) => chips(row.flags) },
];

export function CatalogTable({ rows, query }: { rows: CatalogRow[]; query: CatalogQuery }) {
  const hidden = new Set<string>(query.hide);
  const columns = CATALOG_COLUMNS.filter((c) => !hidden.has(c.id));
  return (
    <div className="space-y-2">
      <ColumnToggle
        query={query}
        columns={CATALOG_COLUMNS.filter((c) => c.id !== "name" && c.id !== "state").map((c) => ({
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
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                {columns.map((column) => (
                  <td
                    key={column.id}
                    className={column.wide ? `w${column.id === "subsystem" ? " m" : ""}` : undefined}
                  >
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function HeaderCell({ column, query }: { column: Column; query: CatalogQuery }) {
  const sorted = query.sort.field === column.id ? query.sort.direction : null;
  const className = `px-3 py-2 font-semibold${column.wide ? " hidden sm:table-cell" : ""}`;
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
