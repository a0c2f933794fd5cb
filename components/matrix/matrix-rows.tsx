"use client";

import Link from "next/link";
import type { LifecycleState } from "@/lib/lifecycle/states";
import { STATE_LABELS } from "@/lib/lifecycle/states";
import { decodeCell } from "@/lib/matrix/cell-code";
import type { MatrixCell } from "@/lib/matrix/cells";
import { StateBadge } from "../state-badge";

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
    case "inferred":
      return { glyph: "✓", label: "present (inferred: the ingested releases on both sides have it)" };
    case "not-yet":
      return { glyph: "·", label: "not yet in this release" };
    case "absent":
      return { glyph: "✕", label: cell.state === "REMOVED" ? `removed${change}` : `absent${change}` };
    case "not-in-build":
      return { glyph: "–", label: "not in this build's BTF (may be configured out)" };
    default:
      return { glyph: cell.change === "removed" ? "✕" : "", label: `not ingested${change}` };
  }
}

const AVAILABILITY_CLASS: Partial<Record<MatrixCell["availability"], string>> = {
  absent: " mx-absent",
  "not-yet": " mx-notyet",
  inferred: " mx-inferred",
};

/** Consecutive releases that were not ingested and say the same thing share one cell. */
function runs(cells: MatrixCell[]): MatrixCell[][] {
  const out: MatrixCell[][] = [];
  for (const cell of cells) {
    const last = out[out.length - 1];
    const previous = last?.[last.length - 1];
    const quiet =
      (cell.availability === "unknown" || cell.availability === "inferred") && cell.change === null;
    if (
      last &&
      previous &&
      quiet &&
      previous.availability === cell.availability &&
      previous.change === null &&
      previous.state === cell.state
    ) {
      last.push(cell);
    } else {
      out.push([cell]);
    }
  }
  return out;
}

/** The matrix's rows: [kfunc, state, one cell code per column]. */
export function MatrixRows({
  columns,
  rows,
}: {
  columns: string[];
  rows: [name: string, state: LifecycleState, cells: string[]][];
}) {
  return (
    <tbody>
      {rows
        .map(([name, state, codes]) => ({
          name,
          state,
          cells: codes.map((code, i) => decodeCell(code, columns[i] ?? "")),
        }))
        .map((row) => (
          <tr key={row.name}>
            <th
              scope="row"
              className="sticky left-0 z-10 max-w-[14rem] border-b border-r border-zinc-200 bg-white px-2 py-1 text-left font-normal dark:border-zinc-800 dark:bg-zinc-950"
            >
              <Link
                href={`/kfuncs/${row.name}`}
                prefetch={false}
                className="block truncate font-mono text-sky-700 dark:text-sky-400"
                title={row.name}
              >
                {row.name}
              </Link>
              <StateBadge state={row.state} className="mt-0.5 scale-90" />
            </th>
            {runs(row.cells).map((run) => {
              const cell = run[0] as MatrixCell;
              const { glyph, label } = cellText(cell);
              const state = cell.state ? STATE_LABELS[cell.state].toLowerCase() : "no state yet";
              const span = run.length > 1 ? `${cell.release}–${run[run.length - 1]?.release}` : cell.release;
              return (
                <td
                  key={cell.release}
                  colSpan={run.length > 1 ? run.length : undefined}
                  data-release={run.length > 1 ? undefined : cell.release}
                  data-availability={cell.availability}
                  className={`mx${cell.state ? ` mx-${cell.state}` : ""}${AVAILABILITY_CLASS[cell.availability] ?? ""}`}
                  title={cell.modules ? `module ${cell.modules.join(", ")}` : undefined}
                >
                  <span aria-hidden="true">{glyph}</span>
                  {cell.modules ? <sup aria-hidden="true">M</sup> : null}
                  <span className="sr-only">{`${span}: ${label}${cell.modules ? `, in module ${cell.modules.join(", ")}` : ""}, ${state}`}</span>
                </td>
              );
            })}
          </tr>
        ))}
    </tbody>
  );
}
