"use client";

import {
  type ColumnVisibilityState,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  type CatalogQuery,
  catalogSearchString,
  HIDEABLE_COLUMNS,
  type HideableColumn,
  SORT_FIELDS,
  type SortField,
} from "@/lib/catalog-params";
import type { CatalogRow } from "@/lib/kfuncs";
import { StateBadge } from "../state-badge";

const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
const helper = createColumnHelper<typeof features, CatalogRow>();

const chips = (values: string[]) =>
  values.length ? (
    <ul className="flex flex-wrap gap-1">
      {values.map((v) => (
        <li key={v} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-zinc-800">
          {v === "UNSPEC" ? "all types" : v}
        </li>
      ))}
    </ul>
  ) : (
    <span className="text-zinc-400">—</span>
  );

const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    cell: (info) => (
      <div className="min-w-0 max-w-md">
        <Link
          href={`/kfuncs/${encodeURIComponent(info.getValue())}`}
          className="break-all font-mono font-medium text-sky-700 dark:text-sky-400"
        >
          {info.getValue()}
        </Link>
        {/* On a phone the State column is off-screen: the badge rides with the name. */}
        <StateBadge state={info.row.original.state} className="mt-1 sm:hidden" />
        {info.row.original.prototype ? (
          <code
            className="mt-0.5 block truncate font-mono text-[11px] text-zinc-500"
            title={info.row.original.prototype}
          >
            {info.row.original.prototype}
          </code>
        ) : null}
      </div>
    ),
  }),
  helper.accessor("state", { header: "State", cell: (info) => <StateBadge state={info.getValue()} /> }),
  helper.accessor("subsystem", {
    header: "Subsystem",
    cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
  }),
  helper.accessor("firstSeen", { header: "First", cell: (info) => info.getValue() ?? "—" }),
  helper.accessor("lastSeen", { header: "Last", cell: (info) => info.getValue() ?? "—" }),
  helper.accessor("progTypes", {
    header: "Program types",
    enableSorting: false,
    cell: (info) => chips(info.getValue()),
  }),
  helper.accessor("flags", { header: "Flags", enableSorting: false, cell: (info) => chips(info.getValue()) }),
  helper.display({
    id: "views",
    header: "Views",
    enableHiding: false,
    cell: ({ row }) => (
      <span className="flex flex-col gap-0.5 text-xs whitespace-nowrap">
        <Link
          href={`/matrix?q=${encodeURIComponent(row.original.name)}`}
          className="text-sky-700 underline dark:text-sky-400"
        >
          matrix
        </Link>
        {row.original.firstSeen ? (
          <Link
            href={`/releases/${row.original.firstSeen}`}
            className="text-sky-700 underline dark:text-sky-400"
          >
            {row.original.firstSeen} report
          </Link>
        ) : null}
      </span>
    ),
  }),
]);

const isHideable = (id: string): id is HideableColumn => (HIDEABLE_COLUMNS as readonly string[]).includes(id);

const isSortField = (id: string): id is SortField => (SORT_FIELDS as readonly string[]).includes(id);

// Sorting happens on the server: the table only turns header clicks into a new URL.
export function CatalogTable({ rows, query }: { rows: CatalogRow[]; query: CatalogQuery }) {
  const router = useRouter();
  const sorting: SortingState = [{ id: query.sort.field, desc: query.sort.direction === "desc" }];
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(query.hide.map((id) => [id, false]));
  const table = useTable({
    features,
    columns,
    data: rows,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(columnVisibility) : updater;
      const hide = HIDEABLE_COLUMNS.filter((id) => next[id] === false);
      router.push(`/kfuncs${catalogSearchString({ ...query, hide })}`, { scroll: false });
    },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (!first || !isSortField(first.id)) return;
      const sort = { field: first.id, direction: first.desc ? ("desc" as const) : ("asc" as const) };
      router.push(`/kfuncs${catalogSearchString({ ...query, sort, page: 1 })}`, { scroll: false });
    },
  });

  return (
    <div className="space-y-2">
      <details className="text-sm">
        <summary className="cursor-pointer select-none text-zinc-700 dark:text-zinc-300">Columns</summary>
        <fieldset className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          <legend className="sr-only">Visible columns</legend>
          {table
            .getAllLeafColumns()
            .filter((column) => isHideable(column.id))
            .map((column) => (
              <label key={column.id} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={!query.hide.includes(column.id as HideableColumn)}
                  onChange={column.getToggleVisibilityHandler()}
                />
                {typeof column.columnDef.header === "string" ? column.columnDef.header : column.id}
              </label>
            ))}
        </fieldset>
      </details>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[720px] border-collapse text-left text-sm">
          <caption className="sr-only">
            kfuncs matching the filters, sorted by {query.sort.field} ({query.sort.direction})
          </caption>
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const label = <table.FlexRender header={header} />;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="px-3 py-2 font-semibold"
                      aria-sort={
                        sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                        >
                          {label}
                          <span aria-hidden="true">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className="border-t border-zinc-100 align-top hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900/60"
              >
                {row.getVisibleCells().map((cell) =>
                  // The name heads its row, so a screen reader announces each cell with it.
                  cell.column.id === "name" ? (
                    <th key={cell.id} scope="row" className="px-3 py-2 font-normal">
                      <table.FlexRender cell={cell} />
                    </th>
                  ) : (
                    <td key={cell.id} className="px-3 py-2">
                      <table.FlexRender cell={cell} />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
