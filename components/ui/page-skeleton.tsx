// The placeholder a page shows while its data loads (app/*/loading.tsx): a title bar and rows,
// announced to screen readers by what is loading.
const ROWS = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];

export function PageSkeleton({ label, wide = false }: { label: string; wide?: boolean }) {
  return (
    <div role="status" aria-label={label} className="animate-pulse space-y-4">
      <div className="h-8 w-64 max-w-full rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-4 w-96 max-w-full rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        {ROWS.map((key) => (
          <div
            key={key}
            className="flex gap-3 border-t border-zinc-100 px-3 py-3 first:border-t-0 dark:border-zinc-800"
          >
            <div className="h-4 w-48 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div
              className={
                wide
                  ? "h-4 flex-1 rounded bg-zinc-100 dark:bg-zinc-900"
                  : "h-4 w-24 rounded bg-zinc-200 dark:bg-zinc-800"
              }
            />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
