import type { LifecycleState } from "../lifecycle/states";
import type { CatalogRow } from "./get-catalog";

// One catalog row as the browser receives it: a tuple, because a React page carries its rows
// twice (as HTML and in the payload it hydrates from) and keys would repeat in every row.

export type RowTuple = [
  name: string,
  state: LifecycleState,
  subsystem: string,
  prototype: string | null,
  firstSeen: string | null,
  lastSeen: string | null,
  progTypes: string[],
  flags: string[],
];

export function toRowTuple(r: CatalogRow): RowTuple {
  return [r.name, r.state, r.subsystem, r.prototype, r.firstSeen, r.lastSeen, r.progTypes, r.flags];
}
