import type { ReactNode } from "react";
import { cn } from "../cn";

/**
 * The frame every plain server-rendered table shares: a scroll box on narrow screens, a caption
 * for screen readers and a header row of scoped column headers.
 */
export function DataTable({
  caption,
  columns,
  minWidth = "min-w-[640px]",
  children,
}: {
  caption: string;
  columns: readonly ReactNode[];
  minWidth?: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className={cn("w-full text-left text-sm", minWidth)}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-xs uppercase text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
              <th key={i} scope="col" className="px-3 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
