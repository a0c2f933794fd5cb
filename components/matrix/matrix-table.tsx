import Link from "next/link";
import { encodeCell } from "@/lib/matrix/cell-code";
import type { MatrixPage } from "@/lib/matrix/get-matrix";
import { cn } from "../cn";
import { ScrollEnd } from "../ui/scroll-end";
import { MatrixRows } from "./matrix-rows";

// The matrix frame (caption, column headers) renders on the server; the rows travel as compact
// cell codes (lib/matrix/cell-code.ts) to MatrixRows, so the page does not carry each cell twice
// as a tree of elements.

export function MatrixTable({ matrix }: { matrix: MatrixPage }) {
  return (
    <ScrollEnd
      label="Availability matrix, newest releases at the right"
      className="relative max-h-[75vh] overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800"
    >
      <table className="border-separate border-spacing-0 text-xs">
        <caption className="sr-only">
          Availability of kfuncs (rows) in kernel releases (columns): ✓ present (faint: inferred between
          ingested releases), M in a module, + introduced, ◆ changed, · not yet, ✕ removed or absent, – not in
          that build's BTF, empty: not known. Cell colour shows the lifecycle state.
        </caption>
        <thead>
          <tr>
            <th
              scope="col"
              className="sticky left-0 top-0 z-30 border-b border-r border-zinc-200 bg-zinc-50 px-2 py-2 text-left dark:border-zinc-800 dark:bg-zinc-900"
            >
              kfunc
            </th>
            {matrix.columns.map((c) => (
              <th
                key={c.tag}
                scope="col"
                className={cn(
                  "sticky top-0 z-20 border-b border-zinc-200 bg-zinc-50 px-1 py-2 font-mono dark:border-zinc-800 dark:bg-zinc-900",
                  c.evidence ? "font-bold text-zinc-900 dark:text-zinc-100" : "font-normal text-zinc-500",
                )}
              >
                {c.evidence ? (
                  <Link href={`/releases/${c.tag}`} className="underline" title={`${c.tag}: ingested`}>
                    {c.tag}
                  </Link>
                ) : (
                  <span title={`${c.tag}: not ingested`}>{c.tag}</span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <MatrixRows
          columns={matrix.columns.map((c) => c.tag)}
          rows={matrix.rows.map((row) => [row.name, row.state, row.cells.map(encodeCell)])}
        />
      </table>
    </ScrollEnd>
  );
}
