import Link from "next/link";
import { STATE_LABELS } from "@/lib/lifecycle";
import type { MatrixPage } from "@/lib/matrix";
import type { MatrixCell } from "@/lib/matrix-cells";
import { cn } from "../cn";
import { StateBadge } from "../state-badge";

const STATE_BG: Record<string, string> = {
  UNSTABLE: "bg-amber-50 dark:bg-amber-950/60",
  STABLE: "bg-emerald-50 dark:bg-emerald-950/60",
  DEPRECATED: "bg-orange-100 dark:bg-orange-950",
  REMOVED: "bg-zinc-100 dark:bg-zinc-800/70",
};

// Each cell says what it is in text (a glyph plus a hidden word), colour only adds the state.
function cellText(cell: MatrixCell): { glyph: string; label: string } {
  const change =
    cell.change === "introduced"
      ? " (introduced here)"
      : cell.change === "changed"
        ? " (changed here)"
        : cell.change === "removed"
          ? " (removed here)"
          : "";
  switch (cell.availability) {
    case "present":
      return {
        glyph: cell.change === "introduced" ? "+" : cell.change === "changed" ? "◆" : "✓",
        label: `present${change}`,
      };
    case "absent":
      return { glyph: "✕", label: `absent${change}` };
    case "not-in-build":
      return { glyph: "–", label: "not in this build's BTF (may be configured out)" };
    default:
      return { glyph: cell.change === "removed" ? "✕" : "", label: `not ingested${change}` };
  }
}

export function MatrixTable({ matrix }: { matrix: MatrixPage }) {
  return (
    <div className="max-h-[75vh] overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="border-separate border-spacing-0 text-xs">
        <caption className="sr-only">
          Availability of kfuncs (rows) in kernel releases (columns): ✓ present, + introduced, ◆ changed, ✕
          absent or removed, – not in that build's BTF, empty: release not ingested. Cell colour shows the
          lifecycle state.
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
                  c.ingested ? "font-bold text-zinc-900 dark:text-zinc-100" : "font-normal text-zinc-500",
                )}
              >
                {c.ingested ? (
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
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.name}>
              <th
                scope="row"
                className="sticky left-0 z-10 max-w-[14rem] border-b border-r border-zinc-200 bg-white px-2 py-1 text-left font-normal dark:border-zinc-800 dark:bg-zinc-950"
              >
                <Link
                  href={`/kfuncs/${row.name}`}
                  className="block truncate font-mono text-sky-700 dark:text-sky-400"
                  title={row.name}
                >
                  {row.name}
                </Link>
                <StateBadge state={row.state} className="mt-0.5 scale-90" />
              </th>
              {row.cells.map((cell) => {
                const { glyph, label } = cellText(cell);
                const state = cell.state ? STATE_LABELS[cell.state] : "no state yet";
                return (
                  <td
                    key={cell.release}
                    title={`${row.name} in ${cell.release}: ${label}; ${state}`}
                    data-release={cell.release}
                    data-availability={cell.availability}
                    className={cn(
                      "min-w-9 border-b border-zinc-100 px-1 py-1 text-center font-mono dark:border-zinc-800",
                      cell.state ? STATE_BG[cell.state] : "",
                      cell.availability === "absent" && "text-red-700 dark:text-red-400",
                    )}
                  >
                    <span aria-hidden="true">{glyph}</span>
                    <span className="sr-only">
                      {label}; {state}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
