// A matrix cell as the browser receives it: one short string ("present:introduced:UNSTABLE:" or
// "present::UNSTABLE:nf_conntrack") instead of an object that repeats its keys and its release in
// every cell of every row. The release comes from the cell's column. Pure, client-safe.

import type { LifecycleState } from "../lifecycle/states";
import type { MatrixCell } from "./cells";

export function encodeCell(cell: MatrixCell): string {
  return `${cell.availability}:${cell.change ?? ""}:${cell.state ?? ""}:${cell.modules?.join(",") ?? ""}`;
}

export function decodeCell(code: string, release: string): MatrixCell {
  const [availability = "unknown", change = "", state = "", modules = ""] = code.split(":");
  return {
    release,
    availability: availability as MatrixCell["availability"],
    change: (change || null) as MatrixCell["change"],
    state: (state || null) as LifecycleState | null,
    modules: modules ? modules.split(",") : null,
  };
}
