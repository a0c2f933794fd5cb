// Placeholders have no identity of their own: fixed keys.
const TABS = ["t1", "t2", "t3", "t4", "t5"];
const ROWS = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"];

export function CatalogSkeleton() {
  return (
    <div role="status" aria-label="Loading kfuncs" className="animate-pulse space-y-3">
      <div className="flex gap-2">
        {TABS.map((key) => (
          <div key={key} className="h-7 w-24 rounded-full bg-zinc-200 dark:bg-zinc-800" />
        ))}
      </div>
      <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        {ROWS.map((key) => (
          <div
            key={key}
            className="flex gap-4 border-t border-zinc-100 px-3 py-3 first:border-t-0 dark:border-zinc-800"
          >
            <div className="h-4 w-56 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-4 w-20 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-4 w-28 rounded bg-zinc-200 dark:bg-zinc-800" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
