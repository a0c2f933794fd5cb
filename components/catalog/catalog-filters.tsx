"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { type CatalogFilterOptions, type CatalogQuery, catalogSearchString } from "@/lib/catalog/query";
import { LIFECYCLE_STATES, STATE_LABELS } from "@/lib/lifecycle/states";

const selectClass =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

// Filters only rewrite the URL; the server page reads it and queries. Without JavaScript the
// form still works as a plain GET.
export function CatalogFilters({
  query,
  options,
  basePath = "/kfuncs",
}: {
  query: CatalogQuery;
  options: CatalogFilterOptions;
  basePath?: "/kfuncs" | "/matrix";
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(query.q);
  const lastPushed = useRef(query.q);
  // The view the user has asked for so far. Two quick changes (a select, then typing) must
  // compose even while the first navigation is still on its way; a new server view (including
  // back and forward) resets it.
  const intended = useRef(query);
  const shown = catalogSearchString(query);
  const shownQuery = useRef(query);
  shownQuery.current = query;
  useEffect(() => {
    if (!pending && shown !== undefined) intended.current = shownQuery.current;
  }, [shown, pending]);

  const go = (patch: Partial<CatalogQuery>) => {
    const next = { ...intended.current, ...patch, page: 1 };
    intended.current = next;
    startTransition(() => router.push(`${basePath}${catalogSearchString(next)}`, { scroll: false }));
  };

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (text === lastPushed.current) return;
    const timer = setTimeout(() => {
      lastPushed.current = text;
      go({ q: text.trim() });
    }, 300);
    return () => clearTimeout(timer);
  });

  const select = (
    id: keyof CatalogQuery,
    label: string,
    values: readonly string[],
    current: string | undefined,
    show: (v: string) => string = (v) => v,
  ) => (
    <div className="min-w-0">
      <label
        htmlFor={`filter-${id}`}
        className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400"
      >
        {label}
      </label>
      <select
        id={`filter-${id}`}
        name={id}
        className={selectClass}
        value={current ?? ""}
        onChange={(e) =>
          go({ [id]: (id === "state" ? e.target.value.toUpperCase() : e.target.value) || undefined })
        }
      >
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={id === "state" ? v.toLowerCase() : v}>
            {show(v)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <search aria-label="Filter kfuncs">
      <form
        action={basePath}
        method="get"
        aria-busy={pending}
        className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
        onSubmit={(e) => {
          e.preventDefault();
          lastPushed.current = text;
          go({ q: text.trim() });
        }}
      >
        <div className="col-span-2 sm:col-span-3 lg:col-span-1">
          <label
            htmlFor="filter-q"
            className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400"
          >
            Search
          </label>
          <input
            id="filter-q"
            name="q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="name or prototype"
            maxLength={100}
            className={selectClass}
          />
        </div>
        {select(
          "state",
          "State",
          LIFECYCLE_STATES,
          query.state?.toLowerCase(),
          (v) => STATE_LABELS[v as keyof typeof STATE_LABELS],
        )}
        {select("subsystem", "Subsystem", options.subsystems, query.subsystem)}
        {select("progType", "Program type", options.progTypes, query.progType)}
        {select("flag", "KF flag", options.flags, query.flag)}
        {select("release", "Available in", options.releases, query.release)}
        <noscript>
          <button type="submit" className="rounded-md border px-3 py-1.5 text-sm">
            Apply
          </button>
        </noscript>
      </form>
    </search>
  );
}
