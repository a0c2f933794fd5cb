/** One section of the queue: a heading with its count, the list, or what an empty list means. */
export function QueueSection({
  id,
  title,
  count,
  empty,
  intro,
  children,
}: {
  id: string;
  title: string;
  count: number;
  /** Shown instead of the list when there is nothing in it. */
  empty: string;
  intro?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="scroll-mt-4 text-lg font-semibold">
        {title} <span className="text-sm font-normal tabular-nums text-zinc-500">({count})</span>
      </h2>
      {intro}
      {count === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {empty}
        </p>
      ) : (
        children
      )}
    </section>
  );
}
