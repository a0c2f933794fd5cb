"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { type CatalogQuery, catalogSearchString, type HideableColumn } from "@/lib/catalog/query";

// Each view is a page of its own (proxy.ts serves it from the cache under its own path), so the
// page is mounted anew when a box is ticked: the list stays open as the reader left it.
let openAcrossViews = false;

/** Checkboxes that hide or show catalog columns; the choice lives in the URL (`?hide=`). */
export function ColumnToggle({
  query,
  columns,
}: {
  query: CatalogQuery;
  columns: { id: HideableColumn; label: string }[];
}) {
  const router = useRouter();
  const [open] = useState(() => openAcrossViews);
  const toggle = (id: HideableColumn, visible: boolean) => {
    const hide = columns.map((c) => c.id).filter((c) => (c === id ? !visible : query.hide.includes(c)));
    router.push(`/kfuncs${catalogSearchString({ ...query, hide })}`, { scroll: false });
  };
  return (
    <details
      className="hidden text-sm sm:block"
      open={open}
      onToggle={(e) => {
        openAcrossViews = e.currentTarget.open;
      }}
    >
      <summary className="cursor-pointer select-none text-zinc-700 dark:text-zinc-300">Columns</summary>
      <fieldset className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={!query.hide.includes(column.id)}
              onChange={(e) => toggle(column.id, e.target.checked)}
            />
            {column.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
