import Link from "next/link";
import { type CatalogQuery, catalogSearchString } from "@/lib/catalog/query";
import { LIFECYCLE_STATES, type LifecycleState, STATE_LABELS } from "@/lib/lifecycle/states";
import { cn } from "../cn";

/** Counts per state under the other filters; each is a link that narrows to that state. */
export function StateTabs({
  query,
  counts,
}: {
  query: CatalogQuery;
  counts: Record<LifecycleState, number>;
}) {
  const all = LIFECYCLE_STATES.reduce((sum, s) => sum + counts[s], 0);
  const tab = (state: LifecycleState | undefined, label: string, count: number) => {
    const current = query.state === state;
    return (
      <li key={label}>
        <Link
          href={`/kfuncs${catalogSearchString({ ...query, state, page: 1 })}`}
          aria-current={current ? "true" : undefined}
          className={cn(
            "inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm no-underline",
            current
              ? "border-sky-600 bg-sky-50 font-semibold text-sky-900 dark:bg-sky-950 dark:text-sky-100"
              : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800",
          )}
        >
          {label}
          <span className="rounded-full bg-zinc-200 px-1.5 text-xs tabular-nums dark:bg-zinc-700">
            {count}
          </span>
        </Link>
      </li>
    );
  };
  return (
    <ul aria-label="Counts per state" className="flex flex-wrap gap-2">
      {tab(undefined, "All", all)}
      {LIFECYCLE_STATES.map((s) => tab(s, STATE_LABELS[s], counts[s]))}
    </ul>
  );
}
